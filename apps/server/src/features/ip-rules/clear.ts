import type { IpRuleAction } from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { runJob } from '../../http/job.js';
import { UNAUDITED_ORIGIN } from '../../http/route-steps.js';
import { notifyRulesChanged } from '../../network/index.js';
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
 * out: in one transaction, every rule of the org deleted, IP_RULES_CLEARED appended to the org's
 * chain (no user: the operator) with its reaction's alert to the owners, and `ip:<org>` notified
 * so every instance drops the rules it holds. Null when no org has the slug.
 */
export function clearOrgRules(
  deps: Pick<AppDeps, 'db' | 'keys' | 'config' | 'reactions'>,
  now: Date,
  slug: string,
): Promise<ClearedRules | null> {
  // No user and no address: the operator. The org is the one the slug names.
  return runJob<ClearedRules | null, 'IP_RULES_CLEARED'>(
    deps,
    UNAUDITED_ORIGIN,
    now,
    async (tx, audit) => {
      const org = await orgBySlug(tx, slug);
      if (!org) return { result: null };
      await lockOrgRules(tx, org.id);
      const removed = (await deleteRulesOf(tx, org.id)).map(({ action, cidr, note }) => ({
        action,
        cidr,
        note,
      }));
      if (removed.length === 0) return { result: { org, removed } };
      await notifyRulesChanged(tx, org.id);
      audit.inOrg(org.id);
      audit.set({
        targetType: 'org',
        targetId: org.id,
        metadata: {
          by: 'operator',
          cleared: removed.length,
          rules: removed.slice(0, CLEARED_RULES_LISTED),
        },
      });
      return { result: { org, removed }, action: 'IP_RULES_CLEARED' };
    },
  );
}
