import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { PASSWORD, post, signIn, signUp } from './support/users.js';

/** Waits for a condition, never for a fixed time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe.skipIf(process.env.GH_TEST_DB !== 'postgres')(
  'losing the LISTEN connection (Postgres)',
  () => {
    it('empties the cache and stops serving from it, so a revoke it never heard of still holds', async () => {
      const other = await createTestApp({ handle: t.handle });
      try {
        const owner = await signUp(t);
        const phone = await signIn(t, owner.email);
        const cookie = `gh_session=${phone.agent.jar.getCookie('gh_session', { domain: '127.0.0.1', path: '/', secure: false, script: false })?.value}`;
        expect((await request(other.app).get('/api/auth/me').set('Cookie', cookie)).status).toBe(
          200,
        );
        expect(other.deps.sessionCache.size).toBeGreaterThan(0);

        await t.deps.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'gatehouse-listen' and pid <> pg_backend_pid()`,
        );
        await until(() => !other.deps.sessionCache.isListening, 'the listener to notice');
        expect(other.deps.sessionCache.size).toBe(0);

        await post(owner, '/api/security/stepup/verify')
          .send({ purpose: 'REVOKE_SESSION', password: PASSWORD })
          .expect(200);
        await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`).expect(200);
        const res = await request(other.app).get('/api/auth/me').set('Cookie', cookie);
        expect(res.status).toBe(401);
        expect(res.body.reason).toBe('session_revoked');

        await until(() => other.deps.sessionCache.isListening, 'the listener to reconnect');
      } finally {
        await other.close();
      }
    });
  },
);
