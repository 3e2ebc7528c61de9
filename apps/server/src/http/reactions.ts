import type { AuditAction, AuditPayload } from '@gatehouse/shared';
import type { AuditEmitter, AuditRowInput } from '../audit/index.js';
import type { AppConfig } from '../config.js';
import type { Executor } from '../db/client.js';
import type { Principal } from './principal.js';

/**
 * An audit event as it is about to be appended: the row, its payload typed by its action (the
 * emitter checked it against the action's schema).
 */
export type AuditEvent<A extends AuditAction = AuditAction> = Omit<
  AuditRowInput,
  'action' | 'metadata' | 'before' | 'after'
> & { action: A } & AuditPayload<A>;

/** What a reaction is handed: the change's transaction, the clock, and who made the change. */
export interface ReactionContext {
  db: Executor;
  now: Date;
  deps: { config: AppConfig };
  /** The request's principal; undefined for a background job or a public request. */
  auth: Principal | undefined;
  /**
   * For follow-on events (ALERT_RAISED), appended with the change's own rows; and what the use
   * case handed over for its reactions without writing it (`handedOver`: a reset link).
   */
  audit: Pick<AuditEmitter, 'emit' | 'handedOver'>;
}

/** Which rows a reaction waits for: the change's (SUCCESS), or a refused attempt's FAIL row. */
export type ReactionOutcome = 'SUCCESS' | 'FAIL';

/**
 * "On this audit event, do that": an alert, a notice to the owners, a mail. The runner calls it
 * inside the change's transaction, after the handler and before the commit, so the reaction
 * commits (or rolls back) with the change (decision 019).
 */
export interface Reaction<A extends AuditAction = AuditAction> {
  on: A;
  outcome: ReactionOutcome;
  run(event: AuditEvent<A>, ctx: ReactionContext): Promise<void>;
}

/** Declares a reaction to a change (a SUCCESS row), with its event typed by `on`. */
export function reaction<A extends AuditAction>(
  on: A,
  run: (event: AuditEvent<A>, ctx: ReactionContext) => Promise<void>,
): Reaction {
  return { on, outcome: 'SUCCESS', run: run as Reaction['run'] };
}

/**
 * Declares a reaction to a failed attempt (its FAIL row: the tenth wrong password), run in the
 * FAIL row's transaction after the use case rolled back.
 */
export function reactionToFailure<A extends AuditAction>(
  on: A,
  run: (event: AuditEvent<A>, ctx: ReactionContext) => Promise<void>,
): Reaction {
  return { on, outcome: 'FAIL', run: run as Reaction['run'] };
}

const keyOf = (outcome: string, action: AuditAction): string => `${outcome} ${action}`;

/** The reactions of a set of capabilities, by the action they wait for. */
export class Reactions {
  readonly #byAction = new Map<string, Reaction[]>();

  constructor(reactions: Iterable<Reaction>) {
    for (const r of reactions) {
      const key = keyOf(r.outcome, r.on);
      this.#byAction.set(key, [...(this.#byAction.get(key) ?? []), r]);
    }
  }

  /** Whether anything waits for any of these actions (the hot path asks this first). */
  get isEmpty(): boolean {
    return this.#byAction.size === 0;
  }

  /**
   * Runs every reaction to these rows, in order; a reaction that throws rolls the change back.
   * True when any ran (its follow-on events are then to be collected again).
   */
  async run(rows: readonly AuditRowInput[], ctx: ReactionContext): Promise<boolean> {
    let ran = false;
    for (const row of rows) {
      const waiting = this.#byAction.get(keyOf(row.outcome, row.action));
      for (const r of waiting ?? []) {
        await r.run(row as AuditEvent, ctx);
        ran = true;
      }
    }
    return ran;
  }
}

export const NO_REACTIONS = new Reactions([]);
