import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { PASSWORD, signIn, signUp, uniqueEmail } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('Origin check on every write', () => {
  it.each([
    ['a foreign Origin', 'https://evil.example'],
    ['a look-alike Origin', `${ORIGIN}.evil.example`],
    ['no Origin', undefined],
  ])('refuses sign-in and sign-up with %s (no login CSRF)', async (_name, origin) => {
    const owner = await signUp(t);
    for (const [path, body] of [
      ['/api/auth/login', { email: owner.email, password: PASSWORD }],
      ['/api/auth/signup', { orgName: 'X', name: 'Y', email: uniqueEmail(), password: PASSWORD }],
    ] as const) {
      const req = request(t.app).post(path);
      if (origin) req.set('Origin', origin);
      const res = await req.send(body);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('CSRF_FAILED');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a cookie-authenticated write from another origin even with the right token', async () => {
    const owner = await signUp(t);
    const res = await owner.agent
      .post('/api/auth/logout')
      .set('Origin', 'https://evil.example')
      .set('X-CSRF-Token', owner.csrf);
    expect(res.status).toBe(403);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
  });
});

describe('X-CSRF-Token on cookie-authenticated writes', () => {
  it('refuses a write without the token, and one with another session’s token', async () => {
    const owner = await signUp(t);
    const other = await signIn(t, owner.email);
    const missing = await owner.agent.post('/api/auth/logout').set('Origin', ORIGIN);
    expect(missing.status).toBe(403);
    expect(missing.body.error).toBe('CSRF_FAILED');
    const foreign = await owner.agent
      .post('/api/auth/logout')
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', other.csrf);
    expect(foreign.status).toBe(403);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
  });

  it('accepts the session’s own token, and GETs need none', async () => {
    const owner = await signUp(t);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    const ok = await owner.agent
      .post('/api/auth/logout')
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf);
    expect(ok.status).toBe(204);
  });
});
