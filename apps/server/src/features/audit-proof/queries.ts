import type { AuditExportFilter } from '@gatehouse/shared';
import { and, asc, desc, eq, gt, gte, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditLogs } from '../../db/schema/index.js';

export type AuditRow = typeof auditLogs.$inferSelect;

/** The filters as one WHERE clause over an org's rows. */
function filtered(orgId: string, filter: AuditExportFilter) {
  return and(
    eq(auditLogs.orgId, orgId),
    filter.action ? inArray(auditLogs.action, filter.action) : undefined,
    filter.outcome ? eq(auditLogs.outcome, filter.outcome) : undefined,
    filter.actorUserId ? eq(auditLogs.actorUserId, filter.actorUserId) : undefined,
    filter.targetId ? eq(auditLogs.targetId, filter.targetId) : undefined,
    filter.impersonation ? eq(auditLogs.isImpersonating, true) : undefined,
    filter.from ? gte(auditLogs.at, new Date(filter.from)) : undefined,
    filter.to ? lte(auditLogs.at, new Date(filter.to)) : undefined,
  );
}

/**
 * The matching rows with `afterSeq < seq <= throughSeq`: one bounded range of
 * audit_logs_org_seq_idx (seq has no gaps), so no statement scans more than `throughSeq -
 * afterSeq` rows however rare the filter's matches are.
 */
export function exportWindow(
  db: Executor,
  orgId: string,
  filter: AuditExportFilter,
  afterSeq: number,
  throughSeq: number,
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLogs)
    .where(
      and(filtered(orgId, filter), gt(auditLogs.seq, afterSeq), lte(auditLogs.seq, throughSeq)),
    )
    .orderBy(asc(auditLogs.seq));
}

/** The org's newest row's place in its chain (audit_logs_org_seq_idx). */
export async function chainHead(db: Executor, orgId: string) {
  const [head] = await db
    .select({ seq: auditLogs.seq, hash: auditLogs.hash, digest: auditLogs.digest })
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  return head;
}
