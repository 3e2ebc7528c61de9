import {
  AUDIT_EVENT_SCHEMAS,
  type AuditAction,
  type AuditPayload,
  parseAuditPayload,
} from '@gatehouse/shared';
import type { z } from 'zod';
import type { AuditRowInput } from './chain.js';

/** Where and on what an event happened, beyond its action's typed payload. */
export interface AuditFields {
  targetType?: string | null;
  targetId?: string | null;
  country?: string | null;
  city?: string | null;
}
export type AuditDetails<A extends AuditAction> = AuditFields & AuditPayload<A>;
/** The route's own event may be described bit by bit; it is checked whole when written. */
export type PartialAuditDetails<A extends AuditAction> = AuditFields & {
  [K in keyof AuditPayload<A>]?: Partial<NonNullable<AuditPayload<A>[K]>>;
};

/** Who acted and from where: filled in by the route runner from the request. */
export interface AuditOrigin {
  orgId: string | null;
  actorUserId: string | null;
  /** The administrator behind a support session, when the actor is being impersonated. */
  realUserId?: string | null;
  /** The API token that acted for the org (a bearer request has no user). */
  actorTokenId?: string | null;
  ip: string | null;
  userAgent: string | null;
}

interface LoosePayload {
  metadata?: unknown;
  before?: unknown;
  after?: unknown;
}

interface Pending {
  action: AuditAction;
  fields: AuditFields;
  payload: { metadata: unknown; before: unknown; after: unknown };
  /** Who and where, when not the request's principal (a support session's reads, summarised). */
  origin?: Partial<AuditOrigin>;
}

/**
 * A name for something a use case hands to the reactions to its events and that must never be
 * written to the audit log: the link a reset mail carries, a one-time token (decision 019).
 */
export interface HandOver<T> {
  readonly name: string;
  /** Only types the value; never set. */
  readonly type?: T;
}

/** Declares a hand-over's name and the type of its value. */
export function handOver<T>(name: string): HandOver<T> {
  return { name };
}

/**
 * The typed audit emitter a use case is handed. The route's own event (its declared action) is
 * described with `set`; follow-on events with `emit`. Rows are written by the route runner only:
 * on success inside the use case's transaction, on failure the route's FAIL row after rollback.
 */
export class AuditEmitter<A extends AuditAction = AuditAction> {
  #origin: AuditOrigin;
  #fields: AuditFields = {};
  /** Checked against the action's schema when the row is built (types guard the callers). */
  #payload: LoosePayload = {};
  #successAction: AuditAction | undefined;
  readonly #followOn: Pending[] = [];
  /** Made on the first hand-over: most requests hand nothing over (the write path's cost). */
  #handed: Map<HandOver<unknown>, unknown> | undefined;

  constructor(origin: AuditOrigin) {
    this.#origin = origin;
  }

  /** Describes the route's own event; later calls add to earlier ones. */
  set(details: PartialAuditDetails<A>): void {
    const { metadata, before, after, ...fields } = details;
    this.#fields = { ...this.#fields, ...fields };
    const merge = (old: unknown, next: unknown): unknown =>
      next === undefined ? old : { ...(typeof old === 'object' ? old : {}), ...(next as object) };
    this.#payload = {
      metadata: merge(this.#payload.metadata, metadata),
      before: merge(this.#payload.before, before),
      after: merge(this.#payload.after, after),
    };
  }

  /** The route's event succeeded as another action (a sign-in that now waits for a code). */
  succeedAs<E extends AuditAction>(action: E, details: AuditDetails<E> = {}): void {
    this.#successAction = action;
    this.#payload = {};
    this.set(details as PartialAuditDetails<A>);
  }

  /** What a support session's request was, for the row recorded for it (IMPERSONATED_REQUEST). */
  describeRequest(method: string, route: string): void {
    this.#payload = { metadata: { method, route } };
  }

  /** The account the event is about, when the request had no session (sign-in, sign-up). */
  actor(user: { id: string; orgId: string }): void {
    this.#origin = { ...this.#origin, orgId: user.orgId, actorUserId: user.id };
  }

  /** The org an event without a principal belongs to (a signed link names its document's). */
  inOrg(orgId: string): void {
    this.#origin = { ...this.#origin, orgId };
  }

  /**
   * A follow-on event, committed (or rolled back) with the change. Checked against its schema
   * now. `as` names another actor or place than the request's (what a support session did).
   */
  emit<E extends AuditAction>(
    action: E,
    details: AuditDetails<E>,
    as?: Partial<AuditOrigin>,
  ): void {
    const { metadata, before, after, ...fields } = details;
    const payload = parseAuditPayload(action, { metadata, before, after } as AuditPayload<E>);
    this.#followOn.push({ action, fields, payload, ...(as ? { origin: as } : {}) });
  }

  /**
   * Hands a value to the reactions to this request's events (`handedOver`), never to a row: what
   * a reaction needs and the log must not keep (a reset link for its mail).
   */
  hand<T>(key: HandOver<T>, value: T): void {
    this.#handed ??= new Map();
    this.#handed.set(key, value);
  }

  /** What the use case handed over under this key, if it did. */
  handedOver<T>(key: HandOver<T>): T | undefined {
    return this.#handed?.get(key) as T | undefined;
  }

  /** Whether any follow-on event was emitted (a route without an action of its own may). */
  get hasFollowOns(): boolean {
    return this.#followOn.length > 0;
  }

  /** The rows of a use case that succeeded: its own event first, then the follow-ons. */
  successRows(declared: AuditAction | undefined): AuditRowInput[] {
    const own: Pending[] = [];
    const action = this.#successAction ?? declared;
    if (action) {
      const payload = parseAuditPayload(action, this.#payload as AuditPayload<typeof action>);
      own.push({ action, fields: this.#fields, payload });
    }
    return [...own, ...this.#followOn].map((event) => this.#row(event, 'SUCCESS', null));
  }

  /**
   * The use case threw: its follow-on events rolled back with it. What the failure's own effects
   * emit next (an alert the failure raised) is recorded with the FAIL row.
   */
  discardFollowOns(): void {
    this.#followOn.length = 0;
  }

  /** The follow-on events emitted since the failure (see `discardFollowOns`). */
  followOnRows(): AuditRowInput[] {
    return this.#followOn.map((event) => this.#row(event, 'SUCCESS', null));
  }

  /** The FAIL row: what was known when the use case threw, checked leniently (partial). */
  failureRow(action: AuditAction, failureReason: string): AuditRowInput {
    return this.#row(
      { action, fields: this.#fields, payload: partialPayload(action, this.#payload) },
      'FAIL',
      failureReason,
    );
  }

  #row(event: Pending, outcome: 'SUCCESS' | 'FAIL', failureReason: string | null): AuditRowInput {
    const origin = event.origin ? { ...this.#origin, ...event.origin } : this.#origin;
    return {
      ...origin,
      realUserId: origin.realUserId ?? null,
      isImpersonating: Boolean(origin.realUserId),
      action: event.action,
      outcome,
      targetType: event.fields.targetType ?? null,
      targetId: event.fields.targetId ?? null,
      country: event.fields.country ?? null,
      city: event.fields.city ?? null,
      failureReason,
      ...event.payload,
    };
  }
}

/** A failure may come before every field is known: keep what fits the schema, drop the rest. */
function partialPayload(action: AuditAction, payload: LoosePayload) {
  const schemas: Partial<Record<'metadata' | 'before' | 'after', z.ZodObject>> =
    AUDIT_EVENT_SCHEMAS[action];
  const part = (key: 'metadata' | 'before' | 'after'): unknown => {
    const schema = schemas[key];
    const value = payload[key];
    if (!schema || value === undefined || value === null) return null;
    const parsed = schema.partial().safeParse(value);
    return parsed.success ? parsed.data : null;
  };
  return { metadata: part('metadata'), before: part('before'), after: part('after') };
}
