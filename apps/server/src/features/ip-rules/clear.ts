import type { IpRuleAction } from '@gatehouse/shared';
import type { AuditChainConfig } from '../../audit/index.js';
import { AuditEmitter, appendAuditRows } from '../../audit/index.js';
import type { Database } from '../../db/client.js';
import { notifyRulesChanged } from '../../network/index.js';
import { alertOwners } from './owners.js';
import { deleteRulesOf, orgBySlug } from './queries.js';
import { lockOrgRules } from './service.js';

/** The audit entry lists this many of the removed rules (its count covers them all). */
export const CLEARED_RULES_LISTED = 100;

export interface ClearedRules {
  org: { id: string; name: string; slug: string };
  removed: { action: IpRuleAction; cidr: string; note: string }[];
}

/**
 * The operator's way back in (`pnpm gatehouse ip-rules:clear`), when the rules keep every owner
 * out: in one transaction, every rule of the org deleted, the owners alerted, IP_RULES_CLEARED
 * appended to the org's chain (no user: the operator), and `ip:<org>` notified so every
 * instance drops the rules it holds. Null when no org has the slug.
 */
export async function clearOrgRules(
  db: Database,
  ctx: { chain: AuditChainConfig; appUrl: URL; now: Date },
  slug: string,
): Promise<ClearedRules | null> {
  const { now } = ctx;
  return db.transaction(async (tx) => {
    const org = await orgBySlug(tx, slug);
    if (!org) return null;
    await lockOrgRules(tx, org.id);
    const removed = (await deleteRulesOf(tx, org.id)).map(({ action, cidr, note }) => ({
      action,
      cidr,
      note,
    }));
    if (removed.length === 0) return { org, removed };
    await notifyRulesChanged(tx, org.id);
    const audit = new AuditEmitter<'IP_RULES_CLEARED'>({
      orgId: org.id,
      actorUserId: null,
      ip: null,
      userAgent: null,
    });
    audit.set({
      targetType: 'org',
      targetId: org.id,
      metadata: {
        by: 'operator',
        cleared: removed.length,
        rules: removed.slice(0, CLEARED_RULES_LISTED),
      },
    });
    const scope = { audit, appUrl: ctx.appUrl, now };
    await alertOwners(tx, scope, org.id, { kind: 'cleared', count: removed.length }, null);
    await appendAuditRows(tx, audit.successRows('IP_RULES_CLEARED'), now, ctx.chain);
    return { org, removed };
  });
}
