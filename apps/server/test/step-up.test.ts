import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { PASSWORD, post, signIn, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;

describe('POST /api/security/stepup/verify with a password', () => {
  it('grants the purpose for 10 minutes, and not a second longer', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_ALL_OTHER_SESSIONS',
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      purpose: 'REVOKE_ALL_OTHER_SESSIONS',
      expiresAt: new Date(t.clock.now().getTime() + 10 * MINUTE_MS).toISOString(),
    });
    t.clock.advance(10 * MINUTE_MS - 1);
    expect((await post(owner, '/api/security/sessions/revoke-others')).status).toBe(200);
    t.clock.advance(1);
    expect((await post(owner, '/api/security/sessions/revoke-others')).status).toBe(428);
  });

  it('binds the grant to the session that verified: another session of the same user must verify too', async () => {
    const owner = await signUp(t);
    const laptop = await signIn(t, owner.email);
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'REVOKE_ALL_OTHER_SESSIONS', password: PASSWORD })
      .expect(200);
    expect((await post(laptop, '/api/security/sessions/revoke-others')).status).toBe(428);
  });

  it('a grant for one purpose does not cover another', async () => {
    const owner = await signUp(t);
    const phone = await signIn(t, owner.email);
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'REVOKE_SESSION', password: PASSWORD })
      .expect(200);
    const res = await post(owner, '/api/security/sessions/revoke-others');
    expect(res.status).toBe(428);
    expect(res.body.purpose).toBe('REVOKE_ALL_OTHER_SESSIONS');
    expect(
      (await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`)).status,
    ).toBe(200);
  });

  it('refuses a wrong password and audits the failure', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      password: 'not-my-password',
    });
    // 401 means "not signed in" only: a generic client would sign the user out for a typo.
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_PASSWORD');
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'STEP_UP_VERIFIED')));
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'FAIL', failureReason: 'INVALID_PASSWORD' }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('not-my-password');
  });

  it('locks after 5 failures in 15 minutes, even for the right password, until the window passes', async () => {
    const owner = await signUp(t);
    for (let i = 0; i < 5; i += 1) {
      await post(owner, '/api/security/stepup/verify')
        .send({ purpose: 'REVOKE_SESSION', password: `wrong-${i}` })
        .expect(400);
    }
    const locked = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      password: PASSWORD,
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * MINUTE_MS);
    expect(
      (
        await post(owner, '/api/security/stepup/verify').send({
          purpose: 'REVOKE_SESSION',
          password: PASSWORD,
        })
      ).status,
    ).toBe(200);
  });

  it('asks for exactly one proof and a known purpose', async () => {
    const owner = await signUp(t);
    for (const body of [
      { purpose: 'REVOKE_SESSION' },
      { purpose: 'REVOKE_SESSION', password: PASSWORD, code: '123456' },
      { purpose: 'NOT_A_PURPOSE', password: PASSWORD },
    ]) {
      const res = await post(owner, '/api/security/stepup/verify').send(body);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('VALIDATION_FAILED');
    }
  });
});
