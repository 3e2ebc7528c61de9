import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema/index.js';
import { purgeExpiredSessions } from '../src/identity/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { post, signIn, signUp } from './support/users.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function remaining(ids: string[]): Promise<string[]> {
  const rows = await t.deps.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(inArray(sessions.id, ids));
  return rows.map((r) => r.id).sort();
}

describe('the expired-session sweeper', () => {
  it('purges idle-expired, absolutely expired and long-revoked sessions, and keeps live ones', async () => {
    const owner = await signUp(t);
    const idle = await signIn(t, owner.email);
    const revoked = await signIn(t, owner.email);
    await post(revoked, '/api/auth/logout').expect(204);
    // Six days on, the owner is active (sliding their idle window) and the idle one is not.
    t.clock.advance(6 * DAY_MS);
    await owner.agent.get('/api/auth/me').expect(200);
    await t.deps.background.drain();
    t.clock.advance(2 * DAY_MS);
    const ids = [owner.body.session.id, idle.body.session.id, revoked.body.session.id];
    const deleted = await purgeExpiredSessions(t.deps.db, t.clock.now(), 1);
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(await remaining(ids)).toEqual([owner.body.session.id]);
    await owner.agent.get('/api/auth/me').expect(200);
  });

  it('stops at the absolute expiry however active the session is', async () => {
    const owner = await signUp(t);
    for (let day = 0; day < 30; day += 6) {
      t.clock.advance(6 * DAY_MS);
      await owner.agent.get('/api/auth/me');
      await t.deps.background.drain();
    }
    await purgeExpiredSessions(t.deps.db, t.clock.now());
    expect(
      await t.deps.db.select().from(sessions).where(eq(sessions.id, owner.body.session.id)),
    ).toEqual([]);
  });

  it('is safe when several instances sweep at once: every dead row goes, none fails', async () => {
    const owner = await signUp(t);
    const devices = await Promise.all(Array.from({ length: 8 }, () => signIn(t, owner.email)));
    const ids = devices.map((d) => d.body.session.id);
    await t.deps.db
      .update(sessions)
      .set({ absoluteExpiresAt: t.clock.now(), idleExpiresAt: t.clock.now() })
      .where(inArray(sessions.id, ids));
    const counts = await Promise.all(
      [1, 2, 3].map(() => purgeExpiredSessions(t.deps.db, t.clock.now(), 2)),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(ids.length);
    expect(await remaining(ids)).toEqual([]);
  });
});
