import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { openTestDatabase } from './support/database.js';
import { PASSWORD, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('HTTP hardening', () => {
  it('answers /api with no-store, a CSP and no X-Powered-By', async () => {
    const owner = await signUp(t);
    const res = await owner.agent.get('/api/auth/me');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['accept-ch']).toContain('Sec-CH-UA-Platform');
  });

  it('serves liveness and readiness', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });

  it('answers /readyz 503 UNAVAILABLE when the database does not answer', async () => {
    const handle = await openTestDatabase();
    const down = await createTestApp({ handle });
    await down.close();
    await handle.close();
    const res = await request(down.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('UNAVAILABLE');
  });

  it('publishes OpenAPI 3.1 generated from the request schemas', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/auth/login',
      '/api/auth/signup',
      '/api/admin/users',
      '/api/security/sessions/{id}/revoke',
    ]) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    const signup =
      res.body.paths['/api/auth/signup'].post.requestBody.content['application/json'].schema;
    expect(signup.properties.password.minLength).toBe(12);
  });
});

describe('TRUST_PROXY', () => {
  it('ignores forwarded addresses and geo headers from a peer that is not a trusted proxy', async () => {
    const strict = await createTestApp({
      handle: t.handle,
      config: testConfig({ TRUST_PROXY: 'false', TRUST_GEO_HEADERS: 'cf-ipcountry' }),
    });
    try {
      const owner = await signUp(strict);
      const agent = request.agent(strict.app);
      await agent
        .post('/api/auth/login')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', '81.2.69.142')
        .set('CF-IPCountry', 'GB')
        .send({ email: owner.email, password: PASSWORD })
        .expect(200);
      const res = await agent.get('/api/security/sessions');
      const current = res.body.sessions.find((s: { current: boolean }) => s.current);
      expect(current.ip).not.toBe('81.2.69.142');
      expect(current.country).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
