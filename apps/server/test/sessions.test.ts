import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoDatabase } from '../src/core/geo.js';
import { auditLogs, knownDevices, sessions } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addMember, PASSWORD, post, type SignedInAgent, signIn, signUp } from './support/users.js';

const GEO_DB = fileURLToPath(new URL('./fixtures/geoip/GeoIP2-City-Test.mmdb', import.meta.url));
const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ geo: openGeoDatabase(GEO_DB) });
});
afterAll(async () => {
  await t.close();
});

async function stepUp(who: SignedInAgent, purpose: string): Promise<void> {
  const res = await post(who, '/api/security/stepup/verify').send({ purpose, password: PASSWORD });
  expect(res.status).toBe(200);
}

async function signInFrom(email: string, userAgent: string, ip: string): Promise<SignedInAgent> {
  const agent = request.agent(t.app);
  const res = await agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('User-Agent', userAgent)
    .set('X-Forwarded-For', ip)
    .send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { agent, csrf: res.body.csrfToken, body: res.body, email };
}

describe('GET /api/security/sessions', () => {
  it('lists each device with its label, place and IP, marking this one', async () => {
    const owner = await signUp(t);
    const mac = await signInFrom(owner.email, MAC_CHROME, '81.2.69.142');
    await signInFrom(owner.email, IPHONE, '175.16.199.7');
    const res = await mac.agent.get('/api/security/sessions');
    expect(res.status).toBe(200);
    const byLabel = new Map(
      res.body.sessions.map((s: { device: { label: string } }) => [s.device.label, s]),
    );
    expect(byLabel.get('Chrome on macOS')).toMatchObject({
      city: 'London',
      country: 'GB',
      ip: '81.2.69.142',
      current: true,
    });
    expect(byLabel.get('Safari on iPhone')).toMatchObject({
      city: 'Changchun',
      country: 'CN',
      current: false,
    });
    expect(res.body.currentSessionId).toBe(mac.body.session.id);
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
  });

  it('records the gh_device browser cookie and the known device at sign-in', async () => {
    const owner = await signUp(t);
    const res = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: PASSWORD });
    expect(String(res.headers['set-cookie'])).toMatch(
      /gh_device=[A-Za-z0-9_-]{32}; Max-Age=34560000/,
    );
    const devices = await t.deps.db
      .select()
      .from(knownDevices)
      .where(eq(knownDevices.userId, owner.body.user.id));
    expect(devices.length).toBeGreaterThanOrEqual(1);
  });

  it("lets an admin list a teammate's sessions but not a member, and hides other orgs (404)", async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const stranger = await signUp(t);
    const ok = await admin.agent.get(`/api/security/sessions?userId=${member.body.user.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body.sessions).toHaveLength(1);
    expect(
      (await member.agent.get(`/api/security/sessions?userId=${admin.body.user.id}`)).status,
    ).toBe(403);
    expect(
      (await admin.agent.get(`/api/security/sessions?userId=${stranger.body.user.id}`)).status,
    ).toBe(404);
  });
});

describe('POST /api/security/sessions/:id/revoke', () => {
  it('asks for step-up, then revokes; the revoked device is refused on its next request', async () => {
    const owner = await signUp(t);
    const phone = await signIn(t, owner.email);
    const first = await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`);
    expect(first.status).toBe(428);
    expect(first.body).toMatchObject({
      error: 'STEP_UP_REQUIRED',
      purpose: 'REVOKE_SESSION',
      methods: ['password'],
    });
    await stepUp(owner, 'REVOKE_SESSION');
    const res = await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const after = await phone.agent.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.reason).toBe('session_revoked');
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, phone.body.session.id));
    expect(rows.map((r) => [r.action, r.outcome])).toContainEqual(['SESSION_REVOKED', 'SUCCESS']);
  });

  it('revoking the current session clears the cookie and says so', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'REVOKE_SESSION');
    const res = await post(owner, `/api/security/sessions/${owner.body.session.id}/revoke`);
    expect(res.body).toEqual({ success: true, currentRevoked: true });
    expect(String(res.headers['set-cookie'])).toMatch(/gh_session=;.*Expires=Thu, 01 Jan 1970/);
  });

  it("answers 404 for another org's session and for a teammate's session without SETTINGS_SECURITY_EDIT", async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const stranger = await signUp(t);
    await stepUp(owner, 'REVOKE_SESSION');
    await stepUp(member, 'REVOKE_SESSION');
    expect(
      (await post(owner, `/api/security/sessions/${stranger.body.session.id}/revoke`)).status,
    ).toBe(404);
    expect(
      (await post(member, `/api/security/sessions/${owner.body.session.id}/revoke`)).status,
    ).toBe(404);
    expect((await stranger.agent.get('/api/auth/me')).status).toBe(200);
  });

  it("lets an admin revoke a teammate's session", async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await stepUp(admin, 'REVOKE_SESSION');
    expect(
      (await post(admin, `/api/security/sessions/${member.body.session.id}/revoke`)).status,
    ).toBe(200);
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a malformed session id with a 4xx', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/security/sessions/not-a-uuid/revoke');
    expect(res.status).toBe(422);
  });
});

describe('POST /api/security/sessions/revoke-others', () => {
  it('signs out every other device and keeps this one', async () => {
    const owner = await signUp(t);
    const others = [await signIn(t, owner.email), await signIn(t, owner.email)];
    expect((await post(owner, '/api/security/sessions/revoke-others')).status).toBe(428);
    await stepUp(owner, 'REVOKE_ALL_OTHER_SESSIONS');
    const res = await post(owner, '/api/security/sessions/revoke-others');
    expect(res.body).toEqual({ success: true, revoked: 2 });
    for (const other of others) expect((await other.agent.get('/api/auth/me')).status).toBe(401);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
  });
});

describe('concurrent-session limit', () => {
  it('the sign-in past the limit of 5 revokes the least recently seen session', async () => {
    const owner = await signUp(t);
    const devices = [owner];
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(2 * 60_000);
      devices.push(await signIn(t, owner.email));
    }
    // Activity makes the first session recent, so the second becomes the least recently seen.
    t.clock.advance(2 * 60_000);
    await owner.agent.get('/api/auth/me');
    await t.deps.background.drain();
    await signIn(t, owner.email);
    const [oldest] = devices.slice(1);
    if (!oldest) throw new Error('no second session');
    const me = await oldest.agent.get('/api/auth/me');
    // The browser is told why: a sign-in elsewhere took its place (which device, if known).
    expect(me.body.reason).toBe('session_limit');
    expect(me.body).toHaveProperty('device');
    const [row] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, oldest.body.session.id));
    expect(row?.revokeReason).toBe('session_limit');
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    const audit = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, oldest.body.session.id));
    expect(audit.map((a) => a.action)).toContain('SESSION_EVICTED');
  });
});

describe('last-seen touch', () => {
  it('writes last-seen at most once a minute, off the response path', async () => {
    const owner = await signUp(t);
    const id = owner.body.session.id;
    const lastSeen = async () =>
      (await t.deps.db.select().from(sessions).where(eq(sessions.id, id)))[0]?.lastSeenAt.getTime();
    const signedInAt = await lastSeen();
    t.clock.advance(30_000);
    await owner.agent.get('/api/auth/me');
    await t.deps.background.drain();
    expect(await lastSeen()).toBe(signedInAt);
    t.clock.advance(31_000);
    await owner.agent.get('/api/auth/me');
    await t.deps.background.drain();
    expect(await lastSeen()).toBe(t.clock.now().getTime());
  });
});

describe('two instances on one database', () => {
  it('a revoke on one instance is refused by the other on its next request', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const owner = await signUp(t);
      const phone = await signIn(t, owner.email);
      const cookie = String(
        phone.agent.jar
          .getCookie('gh_session', { domain: '127.0.0.1', path: '/', secure: false, script: false })
          ?.toValueString(),
      );
      // Instance B validates (and caches) the phone's session.
      expect((await request(other.app).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
      await stepUp(owner, 'REVOKE_SESSION');
      expect(
        (await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`)).status,
      ).toBe(200);
      const res = await request(other.app).get('/api/auth/me').set('Cookie', cookie);
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('session_revoked');
    } finally {
      await other.close();
    }
  });
});

describe('expired-session purge', () => {
  it('the owner cleanup endpoint deletes expired sessions; an admin may not call it', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    expect((await post(admin, '/api/admin/sessions/cleanup')).status).toBe(403);
    const stale = await signIn(t, owner.email);
    await t.deps.db
      .update(sessions)
      .set(
        (() => {
          const past = new Date(t.clock.now().getTime() - 1000);
          return { absoluteExpiresAt: past, idleExpiresAt: past };
        })(),
      )
      .where(eq(sessions.id, stale.body.session.id));
    const res = await post(owner, '/api/admin/sessions/cleanup');
    expect(res.status).toBe(200);
    expect(res.body.deleted).toBeGreaterThanOrEqual(1);
    expect(
      await t.deps.db.select().from(sessions).where(eq(sessions.id, stale.body.session.id)),
    ).toEqual([]);
  });
});

describe('GET /api/admin/sessions', () => {
  it("shows an admin the org's live sessions with their users, and refuses members", async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const res = await admin.agent.get('/api/admin/sessions');
    expect(res.status).toBe(200);
    const emails = res.body.sessions.map((s: { user: { email: string } }) => s.user.email);
    expect(new Set(emails)).toEqual(new Set([owner.email, admin.email, member.email]));
    expect((await member.agent.get('/api/admin/sessions')).status).toBe(403);
  });
});
