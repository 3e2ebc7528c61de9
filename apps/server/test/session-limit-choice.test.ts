import type { SessionLimitResponse } from '@gatehouse/shared';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, orgSecuritySettings, sessions } from '../src/db/schema/index.js';
import { alertTypesOf, MINUTE_MS, mailsTo } from './support/alerts.js';
import { type Agent, createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { enrolTotp } from './support/totp.js';
import { PASSWORD, post, type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

function login(agent: Agent, body: Record<string, unknown>, userAgent = CHROME_MAC) {
  return agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('User-Agent', userAgent)
    .send({ password: PASSWORD, ...body });
}

function choose(agent: Agent, choiceToken: string, endSessionId: string, userAgent = CHROME_MAC) {
  return agent
    .post('/api/auth/login/session-choice')
    .set('Origin', ORIGIN)
    .set('User-Agent', userAgent)
    .send({ choiceToken, endSessionId });
}

/**
 * An owner at a limit of 2: the sign-up's session (seen first, so least recently) and one on
 * Firefox on Windows seen a minute later.
 */
async function atLimit() {
  const owner = await signUp(t);
  await t.deps.db
    .update(orgSecuritySettings)
    .set({ maxSessionsPerUser: 2 })
    .where(eq(orgSecuritySettings.orgId, owner.body.org.id));
  t.clock.advance(MINUTE_MS);
  const laptop = request.agent(t.app);
  const second = await login(laptop, { email: owner.email }, FIREFOX_WINDOWS).expect(200);
  return { owner, laptop, laptopSessionId: second.body.session.id as string };
}

async function offer(agent: Agent, email: string): Promise<SessionLimitResponse['sessionLimit']> {
  const res = await login(agent, { email, chooseSession: true }).expect(200);
  expect(res.body.sessionLimit).toBeDefined();
  return res.body.sessionLimit;
}

async function liveSessionIds(userId: string): Promise<string[]> {
  const now = t.clock.now();
  const rows = await t.deps.db.select().from(sessions).where(eq(sessions.userId, userId));
  return rows
    .filter((r) => !r.revokedAt && r.idleExpiresAt > now && r.absoluteExpiresAt > now)
    .map((r) => r.id);
}

const me = (who: SignedInAgent | { agent: Agent }) => who.agent.get('/api/auth/me');

describe('a browser’s sign-in at the session limit (chooseSession)', () => {
  it('lists the live sessions, least recently seen first and preselected, and opens none yet', async () => {
    const { owner, laptopSessionId } = await atLimit();
    const phone = request.agent(t.app);
    const res = await login(phone, { email: owner.email, chooseSession: true }).expect(200);
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/gh_session=[^;]/);
    const choice: SessionLimitResponse['sessionLimit'] = res.body.sessionLimit;
    expect(choice.limit).toBe(2);
    expect(choice.sessions.map((s) => s.id)).toEqual([owner.body.session.id, laptopSessionId]);
    expect(choice.suggested).toBe(owner.body.session.id);
    expect(choice.sessions[1]?.device.label).toBe('Firefox on Windows');
    expect(JSON.stringify(choice)).not.toMatch(/token_hash|tokenHash/);
    expect(await liveSessionIds(owner.body.user.id)).toHaveLength(2);
    const [row] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'LOGIN_SESSION_LIMIT')),
      );
    expect(row?.metadata).toEqual({ email: owner.email, live: 2, limit: 2 });
  });

  it('ends the session the person chose, tells that browser which device took its place, and alerts', async () => {
    const { owner, laptop, laptopSessionId } = await atLimit();
    const phone = request.agent(t.app);
    const choice = await offer(phone, owner.email);
    // Not the suggested one: the person picked the laptop.
    const res = await choose(phone, choice.choiceToken, laptopSessionId, SAFARI_IPHONE).expect(200);
    expect(res.body.user.email).toBe(owner.email);
    await me({ agent: phone }).expect(200);
    await me(owner).expect(200);
    const refused = await me({ agent: laptop });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      error: 'UNAUTHENTICATED',
      reason: 'session_limit',
      device: 'Safari on iPhone',
    });
    expect(await alertTypesOf(t, owner.body.user.id)).toContain('session_evicted');
    const mail = (await mailsTo(t, owner.email)).find((m) => m.kind === 'alert_session_evicted');
    expect(mail?.text).toContain('another device, “Safari on iPhone”');
    expect(mail?.text).toContain('Firefox on Windows');
    const evicted = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'SESSION_EVICTED')));
    expect(evicted.map((r) => r.targetId)).toEqual([laptopSessionId]);
  });

  it('is single-use, short-lived, bound to the browser and to the account as it was', async () => {
    const { owner, laptopSessionId } = await atLimit();
    const phone = request.agent(t.app);

    // Another browser with the token (stolen from the page): nothing, and it is not spent.
    const choice = await offer(phone, owner.email);
    const thief = await choose(request.agent(t.app), choice.choiceToken, laptopSessionId);
    expect(thief.status).toBe(401);
    expect(thief.body).toMatchObject({ error: 'INVALID_CREDENTIALS', restart: true });
    expect(await liveSessionIds(owner.body.user.id)).toHaveLength(2);

    // Someone else's session id: 404, the choice still usable; then it works once.
    const stranger = await signUp(t);
    const foreign = await choose(phone, choice.choiceToken, stranger.body.session.id);
    expect(foreign.status).toBe(404);
    await me(stranger).expect(200);
    await choose(phone, choice.choiceToken, laptopSessionId).expect(200);
    const again = await choose(phone, choice.choiceToken, owner.body.session.id);
    expect(again.status).toBe(401);
    expect(again.body.restart).toBe(true);
    await me(owner).expect(200);

    // Five minutes later it is gone.
    const tablet = request.agent(t.app);
    const late = await offer(tablet, owner.email);
    t.clock.advance(5 * MINUTE_MS + 1);
    expect((await choose(tablet, late.choiceToken, owner.body.session.id)).status).toBe(401);

    // The password changed meanwhile: start again from it.
    const desk = request.agent(t.app);
    const stale = await offer(desk, owner.email);
    await post(owner, '/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: 'a-new-password-for-this-test-9' })
      .expect(200);
    expect((await choose(desk, stale.choiceToken, owner.body.session.id)).status).toBe(401);
  });

  it('shows nothing before the password is right, and nothing under the limit', async () => {
    const { owner } = await atLimit();
    const wrong = await login(request.agent(t.app), {
      email: owner.email,
      password: 'not-the-password',
      chooseSession: true,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.sessionLimit).toBeUndefined();
    const fresh = await signUp(t);
    const under = await login(request.agent(t.app), { email: fresh.email, chooseSession: true });
    expect(under.status).toBe(200);
    expect(under.body.session).toBeDefined();
    expect(under.body.sessionLimit).toBeUndefined();
  });

  it('refuses bad input with 422, never 500', async () => {
    for (const body of [{}, { choiceToken: 'x' }, { choiceToken: 'x', endSessionId: 'nope' }]) {
      const res = await request(t.app)
        .post('/api/auth/login/session-choice')
        .set('Origin', ORIGIN)
        .send(body);
      expect(res.status).toBe(422);
    }
  });
});

describe('an account with a second factor at the limit', () => {
  it('is offered the choice only after the code, never with the password alone', async () => {
    const { owner, laptopSessionId } = await atLimit();
    const totp = await enrolTotp(t, owner);
    const phone = request.agent(t.app);
    const first = await login(phone, { email: owner.email, chooseSession: true }).expect(200);
    expect(first.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      methods: ['totp', 'recovery_code'],
    });
    const second = await phone
      .post('/api/auth/login/mfa')
      .set('Origin', ORIGIN)
      .set('User-Agent', CHROME_MAC)
      .send({ mfaToken: first.body.mfaToken, code: totp.nextCode(), chooseSession: true })
      .expect(200);
    const choice: SessionLimitResponse['sessionLimit'] = second.body.sessionLimit;
    expect(choice.sessions.map((s) => s.id)).toContain(laptopSessionId);
    const signedIn = await choose(phone, choice.choiceToken, laptopSessionId).expect(200);
    // The session the choice opened records how the sign-in was verified.
    const [row] = await t.deps.db
      .select({ authMethods: sessions.authMethods })
      .from(sessions)
      .where(eq(sessions.id, signedIn.body.session.id));
    expect(row?.authMethods).toEqual(['password', 'totp']);
  });
});

describe('a script’s sign-in at the limit (no chooseSession)', () => {
  it('ends the least recently seen session as before, naming the device that took its place', async () => {
    const { owner, laptopSessionId } = await atLimit();
    const res = await login(request.agent(t.app), { email: owner.email }, SAFARI_IPHONE);
    expect(res.status).toBe(200);
    expect(res.body.session).toBeDefined();
    const refused = await me(owner);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ reason: 'session_limit', device: 'Safari on iPhone' });
    expect(await liveSessionIds(owner.body.user.id)).toContain(laptopSessionId);
  });
});
