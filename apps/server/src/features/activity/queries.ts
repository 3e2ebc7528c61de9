import { SECURITY_ACTIVITY_ACTIONS } from '@gatehouse/shared';
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { apiTokens, auditLogs, users } from '../../db/schema/index.js';

/** The administrator behind a support session's entries (`real_user_id`). */
const realUsers = alias(users, 'real_user');

/**
 * One page of a user's own security events: what they did, what was done to their account,
 * their sessions signed out by someone else (a session row names its user in `metadata.userId`),
 * and everything a support session did as them, whatever the action.
 * Newest first by the org chain's `seq`; uses audit_logs_org_seq_idx.
 */
export function activityOf(
  db: Executor,
  who: { orgId: string; userId: string },
  page: { limit: number; beforeSeq?: number },
) {
  return db
    .select({
      id: auditLogs.id,
      seq: auditLogs.seq,
      at: auditLogs.at,
      action: auditLogs.action,
      outcome: auditLogs.outcome,
      failureReason: auditLogs.failureReason,
      ip: auditLogs.ip,
      country: auditLogs.country,
      city: auditLogs.city,
      userAgent: auditLogs.userAgent,
      metadata: auditLogs.metadata,
      actorUserId: auditLogs.actorUserId,
      actorName: users.name,
      actorTokenId: auditLogs.actorTokenId,
      actorTokenName: apiTokens.name,
      isImpersonating: auditLogs.isImpersonating,
      realUserId: auditLogs.realUserId,
      realUserName: realUsers.name,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    .leftJoin(apiTokens, eq(apiTokens.id, auditLogs.actorTokenId))
    .leftJoin(realUsers, eq(realUsers.id, auditLogs.realUserId))
    .where(
      and(
        eq(auditLogs.orgId, who.orgId),
        or(
          and(
            inArray(auditLogs.action, [...SECURITY_ACTIVITY_ACTIONS]),
            or(
              eq(auditLogs.actorUserId, who.userId),
              and(eq(auditLogs.targetType, 'user'), eq(auditLogs.targetId, who.userId)),
              and(
                eq(auditLogs.action, 'SESSION_REVOKED'),
                sql`${auditLogs.metadata}->>'userId' = ${who.userId}`,
              ),
            ),
          ),
          and(eq(auditLogs.isImpersonating, true), eq(auditLogs.actorUserId, who.userId)),
        ),
        page.beforeSeq === undefined ? undefined : lt(auditLogs.seq, page.beforeSeq),
      ),
    )
    .orderBy(desc(auditLogs.seq))
    .limit(page.limit);
}
