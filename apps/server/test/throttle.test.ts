import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { PASSWORD, signUp, uniqueEmail } from './support/users.js';

const WINDOW_MS = 15 * 60 * 1000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function login(app: TestApp['app'], email: string, password: string, ip: string) {
  return request(app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .send({ email, password });
}

describe('sign-in throttling', () => {
  it('locks an account after 10 failures in 15 minutes, even for the right password, then lets it in', async () => {
    const owner = await signUp(t);
    for (let i = 0; i < 10; i += 1) {
      // Each failure from a different address: this is the per-account limit.
      expect(
        (await login(t.app, owner.email, 'wrong-password!', `198.51.100.${i + 1}`)).status,
      ).toBe(401);
    }
    const locked = await login(t.app, owner.email, PASSWORD, '198.51.100.99');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    t.clock.advance(WINDOW_MS);
    expect((await login(t.app, owner.email, PASSWORD, '198.51.100.99')).status).toBe(200);
  });

  it('locks an address after 10 failures across different accounts', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < 10; i += 1) {
      expect((await login(t.app, uniqueEmail(), 'wrong-password!', ip)).status).toBe(401);
    }
    const owner = await signUp(t);
    expect((await login(t.app, owner.email, PASSWORD, ip)).status).toBe(429);
    expect((await login(t.app, owner.email, PASSWORD, '203.0.113.51')).status).toBe(200);
  });

  it('shares the counters between instances on one database', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const owner = await signUp(t);
      for (let i = 0; i < 10; i += 1)
        await login(t.app, owner.email, 'wrong-password!', `192.0.2.${i + 1}`);
      const res = await login(other.app, owner.email, PASSWORD, '192.0.2.200');
      expect(res.status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
