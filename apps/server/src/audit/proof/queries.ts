import type { AuditExportFilter } from '@gatehouse/shared';
import { and, asc, gt, inArray, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditLogs } from '../../db/schema/index.js';
import { matchingEntries } from '../reading/queries.js';

export type AuditRow = typeof auditLogs.$inferSelect;

/** The filters as one WHERE clause over an org's rows: the list's own (`GET /api/audit`). */
function filtered(orgId: string, filter: AuditExportFilter) {
  const several = filter.action && filter.action.length > 1;
  return and(
    matchingEntries(orgId, filter),
    several ? inArray(auditLogs.action, filter.action ?? []) : undefined,
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
