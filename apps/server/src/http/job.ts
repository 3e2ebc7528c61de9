import type { AuditAction } from '@gatehouse/shared';
import { AuditEmitter, type AuditOrigin, appendAuditRows } from '../audit/index.js';
import type { Executor } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import { auditChainOf } from './route-steps.js';

/** What a job's work returns: its result, and the action it succeeded as (none: no own row). */
export interface JobOutcome<T, A extends AuditAction> {
  result: T;
  action?: A | undefined;
}

/**
 * The runner of work outside a route (a background sweep, an operator command, after the answer,
 * a public link): like a route's use case, one transaction, a typed emitter, its events' reactions,
 * and its rows appended by the runner alone — never a hand-built row (decision 019).
 */
export async function runJob<T, A extends AuditAction>(
  deps: Pick<AppDeps, 'db' | 'keys' | 'config' | 'reactions'>,
  origin: AuditOrigin,
  now: Date,
  work: (db: Executor, audit: AuditEmitter<A>) => Promise<JobOutcome<T, A>>,
): Promise<T> {
  return deps.db.transaction(async (db) => {
    const audit = new AuditEmitter<A>(origin);
    const { result, action } = await work(db, audit);
    if (action || audit.hasFollowOns) {
      let rows = audit.successRows(action);
      // Its events' reactions (alerts, mails) commit with it, as a route's do.
      if (await deps.reactions?.run(rows, { db, now, deps, auth: undefined, audit }))
        rows = audit.successRows(action);
      await appendAuditRows(db, rows, now, auditChainOf(deps));
    }
    return result;
  });
}
