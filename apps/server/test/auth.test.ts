import { PASSIVE_SESSION_CHECK, SESSION_CHECK_HEADER } from '@gatehouse/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { PASSWORD, post, signIn, signUp, uniqueEmail } from './support/users.js';

/** The gh_session Set-Cookie line among those a response sets. */
function sessionSetCookie(header: unknown): string {
  const lines = Array.isArray(header) ? header.map(String) : [String(header)];
  return lines.find((line) => line.startsWith('gh_session=')) ?? '';
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('sign-up', () => {
  it('creates an org whose creator is its owner and is signed in', async () => {
    const owner = await signUp(t, { orgName: 'Initech' });
    expect(owner.body.user.role).toBe('owner');
    expect(owner.body.org.name).toBe('Initech');
    const me = await owner.agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(owner.email);
    expect(me.body.user.permissions).toContain('ORG_SECURITY_EDIT');
  });

  it('refuses a password shorter than 12 characters with 422 naming the field', async () => {
    const res = await request(t.app)
      .post('/api/auth/signup')
      .set('Origin', ORIGIN)
      .send({ orgName: 'X', name: 'Y', email: uniqueEmail(), password: 'short-pass' });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('VALIDATION_FAILED');
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  it('refuses an email that is already used, whatever its case, with 409', async () => {
    const owner = await signUp(t);
    const res = await request(t.app)
      .post('/api/auth/signup')
      .set('Origin', ORIGIN)
      .send({ orgName: 'Again', name: 'Y', email: owner.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('CONFLICT');
  });
});

describe('sign-in', () => {
  it('signs in with the right password, case-insensitively on the email', async () => {
    const owner = await signUp(t);
    const again = await signIn(t, owner.email.toUpperCase());
    expect(again.body.user.id).toBe(owner.body.user.id);
    expect(again.body.session.id).not.toBe(owner.body.session.id);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const owner = await signUp(t);
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: 'not-the-password' });
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: uniqueEmail(), password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      error: 'INVALID_CREDENTIALS',
      message: 'Invalid email or password',
    });
  });

  it('sets an HttpOnly SameSite=Lax session cookie holding no session id', async () => {
    const owner = await signUp(t);
    const res = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: PASSWORD });
    const cookie = sessionSetCookie(res.headers['set-cookie']);
    expect(cookie).toMatch(/^gh_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain(res.body.session.id);
  });
});

describe('sign-out', () => {
  it('ends the session: the same cookie is refused afterwards with reason session_revoked', async () => {
    const owner = await signUp(t);
    const out = await post(owner, '/api/auth/logout');
    expect(out.status).toBe(204);
    const me = await owner.agent.get('/api/auth/me');
    // The agent dropped the cleared cookie; replay the old one by hand.
    expect(me.status).toBe(401);
    expect(me.body.reason).toBe('no_session');
  });

  it('a stolen copy of a signed-out cookie no longer works', async () => {
    const owner = await signUp(t);
    const login = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: PASSWORD });
    const cookie = sessionSetCookie(login.headers['set-cookie']).split(';')[0] ?? '';
    await request(t.app)
      .post('/api/auth/logout')
      .set('Origin', ORIGIN)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', login.body.csrfToken)
      .expect(204);
    const me = await request(t.app).get('/api/auth/me').set('Cookie', cookie);
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'session_revoked' });
  });
});

describe('me and refresh', () => {
  it('answers 401 no_session without a cookie', async () => {
    const res = await request(t.app).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'no_session' });
  });

  it('refresh slides the idle expiry forward from now', async () => {
    const owner = await signUp(t);
    t.clock.advance(60 * 60 * 1000);
    const res = await post(owner, '/api/auth/refresh');
    expect(res.status).toBe(200);
    expect(new Date(res.body.session.idleExpiresAt).getTime()).toBe(
      t.clock.now().getTime() + 7 * 24 * 60 * 60 * 1000,
    );
    expect(res.headers['x-session-idle-expires-at']).toBe(res.body.session.idleExpiresAt);
  });

  it('what refresh slid is what the next request sees (the cached session is updated too)', async () => {
    const owner = await signUp(t);
    t.clock.advance(60 * 60 * 1000);
    await owner.agent.get('/api/auth/me').expect(200);
    await t.deps.background.drain();
    t.clock.advance(30 * 1000);
    const res = await post(owner, '/api/auth/refresh').expect(200);
    const me = await owner.agent.get('/api/auth/me').expect(200);
    expect(me.body.session.idleExpiresAt).toBe(res.body.session.idleExpiresAt);
    expect(me.headers['x-session-idle-expires-at']).toBe(res.body.session.idleExpiresAt);
  });

  it('a tab’s passive check answers like any request but is not activity', async () => {
    const owner = await signUp(t);
    t.clock.advance(2 * 60 * 1000);
    const check = await owner.agent
      .get('/api/auth/me')
      .set(SESSION_CHECK_HEADER, PASSIVE_SESSION_CHECK)
      .expect(200);
    expect(check.body.user.email).toBe(owner.email);
    expect(check.headers['x-session-idle-expires-at']).toBe(owner.body.session.idleExpiresAt);
    await t.deps.background.drain();
    const { body } = await owner.agent
      .get('/api/security/sessions')
      .set(SESSION_CHECK_HEADER, PASSIVE_SESSION_CHECK)
      .expect(200);
    expect(body.sessions[0].lastSeenAt).toBe(owner.body.session.createdAt);
  });

  it('an open tab’s passive checks cannot keep an idle session alive', async () => {
    const owner = await signUp(t);
    const day = 24 * 60 * 60 * 1000;
    for (let days = 1; days <= 6; days++) {
      t.clock.advance(day);
      await owner.agent
        .get('/api/auth/me')
        .set(SESSION_CHECK_HEADER, PASSIVE_SESSION_CHECK)
        .expect(200);
      await t.deps.background.drain();
    }
    t.clock.advance(day + 60 * 1000);
    const late = await owner.agent
      .get('/api/auth/me')
      .set(SESSION_CHECK_HEADER, PASSIVE_SESSION_CHECK);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'session_expired' });
  });

  it('every authenticated answer says when the session ends, counting this request', async () => {
    const owner = await signUp(t);
    const first = await owner.agent.get('/api/auth/me').expect(200);
    expect(first.headers['x-session-idle-expires-at']).toBe(owner.body.session.idleExpiresAt);
    expect(first.headers['x-session-absolute-expires-at']).toBe(
      owner.body.session.absoluteExpiresAt,
    );
    t.clock.advance(2 * 60 * 1000);
    const later = await owner.agent.get('/api/security/sessions').expect(200);
    expect(later.headers['x-session-idle-expires-at']).toBe(
      new Date(t.clock.now().getTime() + 7 * 24 * 60 * 60 * 1000).toISOString(),
    );
  });
});

describe('password change', () => {
  it('keeps this session, signs out every other one, and accepts only the new password', async () => {
    const owner = await signUp(t);
    const laptop = await signIn(t, owner.email);
    const phone = await signIn(t, owner.email);
    const res = await post(owner, '/api/auth/password').send({
      currentPassword: PASSWORD,
      newPassword: 'a-brand-new-password',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revokedOtherSessions: 2 });
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    for (const other of [laptop, phone]) {
      const me = await other.agent.get('/api/auth/me');
      expect(me.status).toBe(401);
      // Said as such, so the signed-out browser's sign-in page can say why.
      expect(me.body.reason).toBe('password_changed');
    }
    await expect(signIn(t, owner.email)).rejects.toThrow(/401/);
    await signIn(t, owner.email, 'a-brand-new-password');
  });

  it('refuses a wrong current password', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/auth/password').send({
      currentPassword: 'wrong-password!',
      newPassword: 'a-brand-new-password',
    });
    // A typo from a signed-in session must not read as "signed out" (401).
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'INVALID_PASSWORD',
      issues: [{ path: 'currentPassword', message: expect.any(String) }],
    });
  });
});
