import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { ipRules, orgs, sessions, users } from '../../db/schema/index.js';
import { isLive } from '../../identity/index.js';

export type IpRuleRow = typeof ipRules.$inferSelect;

/** The org's rules, oldest first, with who created them (uses ip_rules_org_idx). */
export function rulesWithCreators(db: Executor, orgId: string) {
  return db
    .select({
      rule: ipRules,
      creator: { id: users.id, name: users.name, email: users.email },
    })
    .from(ipRules)
    .leftJoin(users, eq(users.id, ipRules.createdBy))
    .where(eq(ipRules.orgId, orgId))
    .orderBy(asc(ipRules.createdAt), asc(ipRules.id));
}

export async function countRules(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(ipRules).where(eq(ipRules.orgId, orgId));
  return row?.n ?? 0;
}

export async function insertRule(db: Executor, values: typeof ipRules.$inferInsert) {
  const [row] = await db.insert(ipRules).values(values).returning();
  if (!row) throw new Error('ip rule insert returned nothing');
  return row;
}

/** The org's rule by id, locked for its deletion; another org's is not found. */
export async function findRuleForUpdate(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(ipRules)
    .where(and(eq(ipRules.orgId, orgId), eq(ipRules.id, id)))
    .for('update');
  return row;
}

export async function deleteRule(db: Executor, id: string): Promise<void> {
  await db.delete(ipRules).where(eq(ipRules.id, id));
}

/** The org's live sessions with their last address and person (the preview's input). */
export function liveSessionAddresses(db: Executor, orgId: string, now: Date) {
  return db
    .select({
      ip: sessions.ip,
      userId: users.id,
      name: users.name,
      email: users.email,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.orgId, orgId), isLive(now)));
}

/** The org's rule by id; another org's is not found. */
export async function findRule(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(ipRules)
    .where(and(eq(ipRules.orgId, orgId), eq(ipRules.id, id)));
  return row;
}

/** The org's owners who can sign in (not disabled): whom an admin's rule change may not block. */
export function activeOwners(db: Executor, orgId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'owner'), isNull(users.disabledAt)))
    .orderBy(asc(users.name), asc(users.id));
}

/** The sign-in addresses of these users' own live sessions (not support sessions). */
export function liveSessionAddressesOf(
  db: Executor,
  orgId: string,
  userIds: readonly string[],
  now: Date,
) {
  return db
    .select({ userId: sessions.userId, ip: sessions.ip })
    .from(sessions)
    .where(
      and(
        eq(sessions.orgId, orgId),
        inArray(sessions.userId, [...userIds]),
        isNull(sessions.impersonatorUserId),
        isLive(now),
      ),
    );
}

export async function orgBySlug(db: Executor, slug: string) {
  const [row] = await db
    .select({ id: orgs.id, name: orgs.name, slug: orgs.slug })
    .from(orgs)
    .where(eq(orgs.slug, slug));
  return row;
}

/** Deletes every rule of the org; returns them, oldest first. */
export async function deleteRulesOf(db: Executor, orgId: string) {
  const rows = await db.delete(ipRules).where(eq(ipRules.orgId, orgId)).returning();
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
