import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { addMember, PASSWORD, post, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  // Sign-ins are placed in countries by the (loopback) proxy's CF-IPCountry header.
  t = await createTestApp({ config: testConfig({ TRUST_GEO_HEADERS: 'cf-ipcountry' }) });
});
afterAll(async () => {
  await t.close();
});

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DAY_MS = 24 * 60 * 60 * 1000;

function signInFrom(email: string, country: string, userAgent?: string) {
  const agent = request.agent(t.app);
  const req = agent.post('/api/auth/login').set('Origin', ORIGIN).set('CF-IPCountry', country);
  if (userAgent) req.set('User-Agent', userAgent);
  return req.send({ email, password: PASSWORD }).then((res) => {
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return { agent, body: res.body as { session: { id: string }; user: { id: string } } };
  });
}

describe('GET /api/admin/sessions', () => {
  it('lists the org’s live sessions with their users, newest first, paged, and says how many match', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    t.clock.advance(1000);
    await signInFrom(member.email, 'FR', IPHONE);
    const stranger = await signUp(t);
    const first = await admin.agent.get('/api/admin/sessions?limit=2').expect(200);
    expect(first.body.sessions).toHaveLength(2);
    // Four live sessions; "all matching" would end neither the admin's own nor the owner's.
    expect(first.body.matching).toBe(2);
    const second = await admin.agent
      .get(`/api/admin/sessions?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    const all = [...first.body.sessions, ...second.body.sessions];
    expect(all).toHaveLength(4);
    const seen = all.map((s: { lastSeenAt: string }) => s.lastSeenAt);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(all.map((s: { user: { email: string } }) => s.user.email)).not.toContain(stranger.email);
    expect(all[0]).toMatchObject({ impersonated: false, impersonator: null });
  });

  it('filters by user, device type, country and "not seen for N days"', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await signInFrom(member.email, 'FR', IPHONE);
    const get = (q: string) => admin.agent.get(`/api/admin/sessions?${q}`).expect(200);
    expect((await get(`userId=${member.body.user.id}`)).body.sessions).toHaveLength(2);
    const mobile = (await get('deviceType=mobile')).body;
    expect(mobile.sessions.map((s: { device: { type: string } }) => s.device.type)).toEqual([
      'mobile',
    ]);
    expect((await get('country=FR')).body.matching).toBe(1);
    t.clock.advance(3 * DAY_MS);
    await admin.agent.get('/api/auth/me').expect(200);
    await t.deps.background.drain(); // the admin's last-seen touch
    const idle = (await get('notSeenDays=2')).body.sessions;
    expect(idle.map((s: { user: { email: string } }) => s.user.email)).not.toContain(admin.email);
    expect(idle).toHaveLength(3);
    expect((await get('notSeenDays=5')).body.sessions).toHaveLength(0);
    expect((await admin.agent.get('/api/admin/sessions?country=France')).status).toBe(422);
    expect((await admin.agent.get('/api/admin/sessions?deviceType=toaster')).status).toBe(422);
  });

  it('refuses members, and a stolen cookie sees only its own org', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    expect((await member.agent.get('/api/admin/sessions')).status).toBe(403);
  });
});

describe('POST /api/admin/sessions/revoke (all matching)', () => {
  it('signs out every session the filter matches, never the caller’s, with one audit row', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const paris = await signInFrom(member.email, 'FR', IPHONE);
    const ownerInParis = await signInFrom(owner.email, 'FR');
    const filter = { country: 'FR' };
    const shown = (await owner.agent.get('/api/admin/sessions?country=FR').expect(200)).body;
    expect(shown.matching).toBe(2);
    expect(
      (await post(owner, '/api/admin/sessions/revoke').send({ ...filter, expectedCount: 2 }))
        .status,
    ).toBe(428);
    await stepUp(owner, 'ORG_SESSIONS_REVOKE');
    const stale = await post(owner, '/api/admin/sessions/revoke').send({
      ...filter,
      expectedCount: 5,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.matching).toBe(2);
    const res = await post(owner, '/api/admin/sessions/revoke')
      .send({ ...filter, expectedCount: 2 })
      .expect(200);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await paris.agent.get('/api/auth/me')).status).toBe(401);
    expect((await ownerInParis.agent.get('/api/auth/me')).status).toBe(401);
    expect((await member.agent.get('/api/auth/me')).status).toBe(200);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'SESSIONS_BULK_REVOKED')),
      );
    expect(rows.map((r) => [r.outcome, r.metadata])).toEqual([
      ['FAIL', null],
      ['SUCCESS', { filter: { country: 'FR' }, revoked: 2 }],
    ]);
  });

  it('an admin’s "all matching" leaves owners signed in', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const shown = (await admin.agent.get('/api/admin/sessions').expect(200)).body;
    expect(shown.matching).toBe(1); // the member's; the owner's session is not the admin's to end
    await stepUp(admin, 'ORG_SESSIONS_REVOKE');
    await post(admin, '/api/admin/sessions/revoke').send({ expectedCount: 1 }).expect(200);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses members (403) and needs SETTINGS_SECURITY_EDIT', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    expect(
      (await post(member, '/api/admin/sessions/revoke').send({ expectedCount: 0 })).status,
    ).toBe(403);
  });
});

describe('POST /api/users/:id/force-logout', () => {
  it('ends every session of the user on every instance; the next request says why', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const owner = await signUp(t);
      const member = await addMember(t, owner, 'member');
      const phone = await signIn(t, member.email);
      const cookie = String(
        phone.agent.jar
          .getCookie('gh_session', { domain: '127.0.0.1', path: '/', secure: false, script: false })
          ?.toValueString(),
      );
      expect((await request(other.app).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
      const path = `/api/users/${member.body.user.id}/force-logout`;
      expect((await post(owner, path)).status).toBe(428);
      await stepUp(owner, 'FORCE_LOGOUT');
      const res = await post(owner, path).expect(200);
      expect(res.body).toEqual({ success: true, revoked: 2 });
      const elsewhere = await request(other.app).get('/api/auth/me').set('Cookie', cookie);
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.body.reason).toBe('forced_logout');
      const here = await member.agent.get('/api/auth/me');
      expect(here.body.reason).toBe('forced_logout');
      // Signing in again works: force logout is not a lock.
      await signIn(t, member.email);
      const [row] = await t.deps.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'FORCE_LOGOUT')));
      expect(row).toMatchObject({
        actorUserId: owner.body.user.id,
        targetId: member.body.user.id,
        metadata: { revoked: 2 },
      });
    } finally {
      await other.close();
    }
  });

  it('refuses an admin against an owner (403), another org’s user (404), members (403), and yourself', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const stranger = await signUp(t);
    await stepUp(admin, 'FORCE_LOGOUT');
    expect((await post(admin, `/api/users/${owner.body.user.id}/force-logout`)).status).toBe(403);
    expect((await post(admin, `/api/users/${stranger.body.user.id}/force-logout`)).status).toBe(
      404,
    );
    expect((await post(admin, `/api/users/${admin.body.user.id}/force-logout`)).status).toBe(409);
    expect((await post(member, `/api/users/${admin.body.user.id}/force-logout`)).status).toBe(403);
    // A missing user is 404 before any step-up is asked for.
    const fresh = await signIn(t, owner.email);
    expect(
      (await post(fresh, '/api/users/00000000-0000-4000-8000-000000000000/force-logout')).status,
    ).toBe(404);
  });

  it('an admin cannot sign out an owner’s session one by one either', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    await stepUp(admin, 'REVOKE_SESSION');
    const res = await post(admin, `/api/security/sessions/${owner.body.session.id}/revoke`);
    expect(res.status).toBe(403);
  });
});
