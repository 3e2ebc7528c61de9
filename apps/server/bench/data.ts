import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '../src/core/passwords.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { orgSecuritySettings, orgs, users } from '../src/db/schema/index.js';
import { BENCH_PASSWORD, benchEmail } from './support.js';

/**
 * One org with the users the targets sign in as: two members (throughput) and its owner (the
 * audited writes, which need ORG_SECURITY_EDIT); returns the org id.
 */
export async function seedBenchUsers(handle: DatabaseHandle): Promise<string> {
  const now = new Date();
  const [org] = await handle.db
    .insert(orgs)
    .values({ name: 'Bench', slug: 'bench', createdAt: now })
    .returning();
  if (!org) throw new Error('no org');
  await handle.db.insert(orgSecuritySettings).values({ orgId: org.id, maxSessionsPerUser: 100 });
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await handle.db.insert(users).values(
    (['gatehouse', 'baseline', 'owner', 'alerts', 'passkeys'] as const).map((mode) => ({
      orgId: org.id,
      email: benchEmail(mode),
      name: mode,
      role: mode === 'owner' ? ('owner' as const) : ('member' as const),
      passwordHash,
      createdAt: now,
    })),
  );
  return org.id;
}

/**
 * `count` sessions spread over `userCount` users of one org, written by Postgres itself
 * (generate_series), with last-seen spread over the past 30 days.
 */
export async function insertSessionVolume(
  handle: DatabaseHandle,
  orgId: string,
  userCount: number,
  count: number,
): Promise<string> {
  await handle.db.execute(sql`
    insert into users (org_id, email, name, role, password_hash, created_at)
    select ${orgId}, 'volume-' || g || '@example.test', 'Volume ' || g, 'member', 'x', now()
    from generate_series(1, ${userCount}) g`);
  const perUser = Math.ceil(count / userCount);
  await handle.db.execute(sql`
    insert into sessions (org_id, user_id, token_hash, session_version, created_at, last_seen_at, idle_minutes,
                          idle_expires_at, absolute_expires_at, ip, user_agent, device, auth_methods)
    select ${orgId}, u.id, sha256(convert_to(u.id::text || '-' || g, 'UTF8')), 1,
           now() - interval '30 days', now() - (random() * interval '30 days'), 10080,
           now() + interval '7 days', now() + interval '30 days', '203.0.113.7', 'bench',
           '{"label":"Chrome on macOS","browser":"Chrome","os":"macOS","type":"desktop"}'::jsonb, '{password}'
    from (select id from users where email like 'volume-%') u, generate_series(1, ${perUser}) g`);
  // Steady state, as on a live system: visibility map and statistics current, not mid-autovacuum
  // (this Postgres may run without autovacuum). Users too: 10,000 new rows a planner has never
  // counted would make the list's join to them a hash of the whole table.
  await handle.db.execute(sql`vacuum analyze sessions`);
  await handle.db.execute(sql`analyze users`);
  const [row] = await handle.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, 'volume-1@example.test'));
  if (!row) throw new Error('no volume user');
  return row.id;
}

/**
 * `count` live sessions of fresh members of the org, for the owner to revoke one by one (the
 * "recreate" half of revoke-and-recreate, done in bulk between rounds); returns their ids.
 */
export async function insertRevocableSessions(
  handle: DatabaseHandle,
  orgId: string,
  count: number,
): Promise<string[]> {
  const batch = randomBytes(4).toString('hex');
  const perUser = 50;
  await handle.db.execute(sql`
    insert into users (org_id, email, name, role, password_hash, created_at)
    select ${orgId}, 'revocable-' || ${batch} || '-' || g || '@example.test', 'Revocable ' || g,
           'member', 'x', now()
    from generate_series(1, ${Math.ceil(count / perUser)}) g`);
  const result = await handle.db.execute(sql`
    insert into sessions (org_id, user_id, token_hash, session_version, created_at, last_seen_at, idle_minutes,
                          idle_expires_at, absolute_expires_at, ip, user_agent, device, auth_methods)
    select ${orgId}, u.id, sha256(convert_to(u.id::text || '-' || g, 'UTF8')), 1, now(), now(), 10080,
           now() + interval '7 days', now() + interval '30 days', '203.0.113.7', 'bench',
           '{"label":"Chrome on macOS","browser":"Chrome","os":"macOS","type":"desktop"}'::jsonb, '{password}'
    from (select id from users where email like ${`revocable-${batch}-%`}) u, generate_series(1, ${perUser}) g
    returning id`);
  const { rows } = z.object({ rows: z.array(z.object({ id: z.string() })) }).parse(result);
  return rows.map((row) => row.id).slice(0, count);
}
