import { eq, sql } from 'drizzle-orm';
import type { OrgRow, UserRow } from '../../core/sessions.js';
import type { Executor } from '../../db/client.js';
import { orgSecuritySettings, orgs, users } from '../../db/schema/index.js';

// users_email_lower_idx
export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

export async function findOrg(db: Executor, orgId: string): Promise<OrgRow | undefined> {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  return org;
}

export async function insertOrgWithSettings(
  db: Executor,
  name: string,
  slug: string,
  now: Date,
): Promise<OrgRow> {
  const [org] = await db.insert(orgs).values({ name, slug, createdAt: now }).returning();
  if (!org) throw new Error('org insert returned no row');
  await db.insert(orgSecuritySettings).values({ orgId: org.id });
  return org;
}
