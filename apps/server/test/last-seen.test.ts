import { PASSIVE_SESSION_CHECK, SESSION_CHECK_HEADER, type TeamMemberDTO } from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema/index.js';
import { purgeExpiredSessions } from '../src/identity/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { impersonate, MINUTE_MS, team } from './support/impersonation.js';
import { post, type SignedInAgent, signIn, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function seen(owner: SignedInAgent, userId: string): Promise<TeamMemberDTO | undefined> {
  const res = await owner.agent.get('/api/admin/users').expect(200);
  return (res.body.users as TeamMemberDTO[]).find((u) => u.id === userId);
}

/** A request the user makes themselves, then the background touch it started. */
async function active(who: SignedInAgent): Promise<string> {
  const at = t.clock.now().toISOString();
  await who.agent.get('/api/documents').expect(200);
  await t.deps.background.drain();
  return at;
}

describe('the team list’s last seen (issue 20, item 7)', () => {
  it('is the user’s last activity, and stays after a force logout', async () => {
    const { owner, member } = await team(t);
    t.clock.advance(5 * MINUTE_MS);
    const last = await active(member);
    expect(await seen(owner, member.body.user.id)).toMatchObject({
      liveSessions: 1,
      lastSeenAt: last,
    });

    t.clock.advance(3 * MINUTE_MS);
    await stepUp(owner, 'FORCE_LOGOUT');
    await post(owner, `/api/users/${member.body.user.id}/force-logout`).expect(200);
    expect(await seen(owner, member.body.user.id)).toMatchObject({
      liveSessions: 0,
      lastSeenAt: last,
    });
  });

  it('keeps the last activity after the purge', async () => {
    const { owner, member } = await team(t);
    t.clock.advance(2 * MINUTE_MS);
    const last = await active(member);
    await post(member, '/api/auth/logout').expect(204);
    // A day later the sweeper deletes the ended session's row.
    t.clock.advance(25 * 60 * MINUTE_MS);
    await purgeExpiredSessions(t.deps.db, t.clock.now());
    expect(
      await t.deps.db.select().from(sessions).where(eq(sessions.userId, member.body.user.id)),
    ).toEqual([]);
    const later = await signIn(t, owner.email);
    expect(await seen(later, member.body.user.id)).toMatchObject({
      liveSessions: 0,
      lastSeenAt: last,
    });
  });

  it('is not moved by a tab’s passive look, nor by a support session in the user’s name', async () => {
    const { owner, admin, member } = await team(t);
    const signedIn = member.body.session.createdAt;
    t.clock.advance(2 * MINUTE_MS);
    await member.agent.get('/api/auth/me').set(SESSION_CHECK_HEADER, PASSIVE_SESSION_CHECK);
    await t.deps.background.drain();
    expect((await seen(owner, member.body.user.id))?.lastSeenAt).toBe(signedIn);

    await impersonate(admin, member.body.user.id);
    t.clock.advance(2 * MINUTE_MS);
    await admin.agent.get('/api/documents').expect(200);
    await t.deps.background.drain();
    expect((await seen(owner, member.body.user.id))?.lastSeenAt).toBe(signedIn);
  });
});
