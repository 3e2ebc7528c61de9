import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { ipRules } from '../db/schema/index.js';

/** Just what the matcher needs: the hot path's one read per org and invalidation. */
export function ruleSetOf(db: Executor, orgId: string) {
  return db
    .select({ id: ipRules.id, action: ipRules.action, cidr: ipRules.cidr })
    .from(ipRules)
    .where(eq(ipRules.orgId, orgId));
}
