/** What DBSC's register and refresh use cases share: their transactions, their job, refusals. */
import type { AuditOrigin } from '../../audit/index.js';
import type { Executor } from '../../db/client.js';
import { collectingNotifications } from '../../db/notify.js';
import type { OrgRow, SessionRow, UserRow } from '../../db/rows.js';
import type { AppDeps } from '../../deps.js';
import { runJob } from '../../http/job.js';
import { recordRefusalIn, type refusedOrigin } from '../../http/refusals.js';
import { auditChainOf } from '../../http/route-steps.js';

/** One transaction; answers once this instance heard the cache invalidations it sent (decision 007). */
export async function committed<T>(deps: AppDeps, work: (db: Executor) => Promise<T>): Promise<T> {
  return heard(deps, () => deps.db.transaction(work));
}

async function heard<T>(deps: AppDeps, transaction: () => Promise<T>): Promise<T> {
  const [result, sent] = await collectingNotifications(transaction);
  if (sent.length > 0) await deps.sessionCache.whenHeard(sent);
  return result;
}

/** Where a DBSC request came from, as the audit log records it. */
export type DbscOrigin = ReturnType<typeof refusedOrigin>;

export interface Found {
  session: SessionRow;
  user: UserRow;
  org: OrgRow;
}

/**
 * The session's own events run as a job (`runJob`: one transaction, its reactions, its rows
 * appended by the runner), by the session's user, from the request's address and place.
 */
export function asJob<T>(
  deps: AppDeps,
  origin: DbscOrigin,
  found: Found,
  now: Date,
  work: Parameters<typeof runJob<T, DbscAction>>[3],
): Promise<T> {
  const by: AuditOrigin = {
    orgId: found.org.id,
    actorUserId: found.user.id,
    realUserId: null,
    actorTokenId: null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  };
  return heard(deps, () =>
    runJob<T, DbscAction>(deps, by, now, (db, audit) => {
      audit.set({
        targetType: 'session',
        targetId: found.session.id,
        country: origin.country,
        city: origin.city,
      });
      return work(db, audit);
    }),
  );
}

type DbscAction = 'DBSC_REGISTERED' | 'DBSC_SESSION_ENDED' | 'DBSC_KEY_MISMATCH';

/** A refused DBSC step, recorded once per window (decision 013): never the proof itself. */
export async function refused(
  deps: AppDeps,
  db: Executor,
  origin: DbscOrigin,
  found: Found,
  action: 'DBSC_REGISTERED' | 'DBSC_REFRESH_FAILED',
  reason: string,
  now: Date,
) {
  await recordRefusalIn(
    db,
    {
      action,
      reason,
      orgId: found.org.id,
      targetType: 'session',
      targetId: found.session.id,
      metadata: { sessionId: found.session.id },
    },
    { ...origin, orgId: found.org.id, actorUserId: found.user.id, realUserId: null },
    now,
    auditChainOf(deps),
  );
}
