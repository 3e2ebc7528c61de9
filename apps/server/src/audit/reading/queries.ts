import type { AuditFilter } from '@gatehouse/shared';
import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { apiTokens, auditLogs, documents, ipRules, users } from '../../db/schema/index.js';

/**
 * Where a time cuts the org's chain: the seq just after the last entry stamped before `time`
 * (ties by seq). An entry's `at` is when its request began and its seq when it committed, so
 * the two orders can differ by one request's length; cutting by seq keeps every date range a
 * seq range, so the filters' indexes serve it, and consecutive ranges share no entry and miss
 * none. Found with one step down audit_logs_org_at_idx.
 */
function cutBefore(orgId: string, time: Date): SQL {
  return sql`(select coalesce((select ${auditLogs.seq} from ${auditLogs} where ${auditLogs.orgId} = ${orgId} and ${auditLogs.at} < ${time} order by ${auditLogs.at} desc, ${auditLogs.seq} desc limit 1), 0) + 1)`;
}

/**
 * The org's entries a filter matches, before `beforeSeq` (the cursor) when given. Each single
 * filter has an index that is already in seq order (schema/audit.ts): action →
 * audit_logs_org_action_seq_idx, actor → audit_logs_org_actor_seq_idx, target →
 * audit_logs_org_target_seq_idx, FAIL → audit_logs_org_failed_seq_idx, impersonation →
 * audit_logs_org_impersonating_seq_idx, none (and SUCCESS) → audit_logs_org_seq_idx. Dates
 * become a seq range (cutBefore), which every one of those indexes ends in.
 */
export function matchingEntries(
  orgId: string,
  filter: AuditFilter,
  beforeSeq?: number,
  action: string | undefined = filter.action?.length === 1 ? filter.action[0] : undefined,
): SQL {
  return and(
    eq(auditLogs.orgId, orgId),
    action === undefined ? undefined : eq(auditLogs.action, action),
    filter.outcome ? eq(auditLogs.outcome, filter.outcome) : undefined,
    filter.actorUserId ? eq(auditLogs.actorUserId, filter.actorUserId) : undefined,
    filter.targetId ? eq(auditLogs.targetId, filter.targetId) : undefined,
    filter.impersonation ? eq(auditLogs.isImpersonating, true) : undefined,
    filter.from ? gte(auditLogs.seq, cutBefore(orgId, filter.from)) : undefined,
    filter.to ? lt(auditLogs.seq, cutBefore(orgId, filter.to)) : undefined,
    beforeSeq === undefined ? undefined : lt(auditLogs.seq, beforeSeq),
  ) as SQL;
}

/**
 * Several actions: the newest `limit` of each (one ordered index range apiece), merged, so the
 * page costs ~limit rows per action and never a sort of everything those actions match.
 */
function manyActions(orgId: string, filter: AuditFilter, limit: number, beforeSeq?: number): SQL {
  const branches = (filter.action ?? []).map(
    (action) =>
      sql`(select ${auditLogs.seq} from ${auditLogs} where ${matchingEntries(orgId, filter, beforeSeq, action)} order by ${auditLogs.seq} desc limit ${limit})`,
  );
  return sql`${auditLogs.seq} in (select seq from (${sql.join(branches, sql` union all `)}) page order by seq desc limit ${limit})`;
}

/** One page of the org's audit log, newest first (by its chain's seq). */
export function auditPage(
  db: Executor,
  orgId: string,
  page: { filter: AuditFilter; limit: number; beforeSeq?: number },
) {
  const { filter, limit, beforeSeq } = page;
  const where =
    (filter.action?.length ?? 0) > 1
      ? and(eq(auditLogs.orgId, orgId), manyActions(orgId, filter, limit, beforeSeq))
      : matchingEntries(orgId, filter, beforeSeq);
  return db
    .select({
      id: auditLogs.id,
      seq: auditLogs.seq,
      at: auditLogs.at,
      action: auditLogs.action,
      outcome: auditLogs.outcome,
      failureReason: auditLogs.failureReason,
      actorUserId: auditLogs.actorUserId,
      realUserId: auditLogs.realUserId,
      actorTokenId: auditLogs.actorTokenId,
      isImpersonating: auditLogs.isImpersonating,
      targetType: auditLogs.targetType,
      targetId: auditLogs.targetId,
      ip: auditLogs.ip,
      userAgent: auditLogs.userAgent,
      country: auditLogs.country,
      city: auditLogs.city,
      before: auditLogs.before,
      after: auditLogs.after,
      metadata: auditLogs.metadata,
    })
    .from(auditLogs)
    .where(where)
    .orderBy(desc(auditLogs.seq))
    .limit(limit);
}
export type AuditPageRow = Awaited<ReturnType<typeof auditPage>>[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Only well-formed ids go into a uuid comparison (a target id is free text). */
const uuids = (ids: Iterable<string | null>): string[] => [
  ...new Set([...ids].filter((id): id is string => id !== null && UUID.test(id))),
];

type NameKind = 'user' | 'token' | 'document' | 'ip_rule';
const nameRows = z.object({
  rows: z.array(
    z.object({
      kind: z.enum(['user', 'token', 'document', 'ip_rule']),
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
    }),
  ),
});

/**
 * The names a page mentions: its people, tokens, documents and IP rules, by primary key, in one
 * round trip, or none when the page mentions nobody. Only the kinds the page mentions are asked
 * for, each with its ids as one array parameter: a page of sign-ins is one short statement, not
 * a union of four with a parameter per id to bind and plan (decision 026).
 */
export async function namesOnPage(
  db: Executor,
  orgId: string,
  ids: { users: string[]; tokens: string[]; documents: string[]; ipRules: string[] },
) {
  const kinds: [string[], SQL][] = [
    [uuids(ids.users), sql`select 'user' as kind, id, name, email from ${users}`],
    [uuids(ids.tokens), sql`select 'token' as kind, id, name, null as email from ${apiTokens}`],
    [
      uuids(ids.documents),
      sql`select 'document' as kind, id, name, null as email from ${documents}`,
    ],
    [
      uuids(ids.ipRules),
      sql`select 'ip_rule' as kind, id, cidr as name, null as email from ${ipRules}`,
    ],
  ];
  const branches = kinds.flatMap(([list, select]) =>
    list.length === 0
      ? []
      : [sql`(${select} where org_id = ${orgId} and id = any(${sql.param(list)}::uuid[]))`],
  );
  const rows =
    branches.length === 0
      ? []
      : nameRows.parse(await db.execute(sql.join(branches, sql` union all `))).rows;
  const of = (name: NameKind) =>
    new Map(rows.flatMap((r) => (r.kind === name ? [[r.id, { id: r.id, name: r.name }]] : [])));
  const people = new Map(
    rows.flatMap((r) =>
      r.kind === 'user' ? [[r.id, { id: r.id, name: r.name, email: r.email ?? '' }]] : [],
    ),
  );
  return { people, tokens: of('token'), docs: of('document'), rules: of('ip_rule') };
}
