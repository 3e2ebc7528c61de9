import type { DevMailResponse } from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, users } from '../src/db/schema/index.js';
import { RESET_TOKEN_TTL_MS } from '../src/features/password-reset/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { randomAddress, signUp } from './support/users.js';

const NEW_PASSWORD = 'a-brand-new-passphrase-42';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function check(token: string | undefined, ip = randomAddress()) {
  const req = request(t.app).get('/api/auth/password/reset/check').set('X-Forwarded-For', ip);
  return token === undefined ? req : req.query({ token });
}

function reset(token: string) {
  return request(t.app)
    .post('/api/auth/password/reset')
    .set('Origin', ORIGIN)
    .send({ token, newPassword: NEW_PASSWORD });
}

/** Asks for a link and reads the token out of the mailed link. */
async function resetToken(email: string): Promise<string> {
  t.clock.advance(1000);
  await request(t.app)
    .post('/api/auth/password/forgot')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', randomAddress())
    .send({ email })
    .expect(202);
  await t.deps.background.drain();
  const res = await request(t.app).get('/api/dev/mail').expect(200);
  const [mail] = (res.body as DevMailResponse).messages.filter(
    (m) => m.to === email && m.kind === 'password_reset',
  );
  const token = /reset-password\?token=([\w-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no reset link mailed to ${email}`);
  return token;
}

describe('GET /api/auth/password/reset/check', () => {
  it('names the account a live link resets, and does not use the link', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    const res = await check(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ account: { email: owner.email, name: 'Owner Person' } });
    // Checked twice and still good: the reset itself takes it.
    await check(token).expect(200);
    await reset(token).expect(204);
  });

  it('says RESET_TOKEN_INVALID (400) for a used link, as the reset would', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    await reset(token).expect(204);
    const res = await check(token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'RESET_TOKEN_INVALID',
      message: 'This reset link is invalid or has expired',
    });
    expect(JSON.stringify(res.body)).not.toContain(owner.email);
  });

  it('says RESET_TOKEN_INVALID for an expired link, and takes it just before', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    t.clock.advance(RESET_TOKEN_TTL_MS - 1000);
    await check(token).expect(200);
    t.clock.advance(1000);
    expect((await check(token)).body.error).toBe('RESET_TOKEN_INVALID');
  });

  it('says RESET_TOKEN_INVALID for a link nobody was sent, and for a disabled account', async () => {
    expect((await check('x'.repeat(43))).body.error).toBe('RESET_TOKEN_INVALID');
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    await t.deps.db
      .update(users)
      .set({ disabledAt: t.clock.now() })
      .where(eq(users.id, owner.body.user.id));
    const res = await check(token);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('RESET_TOKEN_INVALID');
  });

  it('refuses a missing, empty or over-long token with 422, never 500', async () => {
    for (const token of [undefined, '', 'x'.repeat(129)]) {
      const res = await check(token);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('VALIDATION_FAILED');
    }
    const twice = await request(t.app)
      .get('/api/auth/password/reset/check?token=a&token=b')
      .set('X-Forwarded-For', randomAddress());
    expect(twice.status).toBe(422);
  });

  it('throttles an address after 10 checks that found nothing, good links included; other addresses go on', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    const ip = randomAddress();
    for (let i = 0; i < 10; i++) await check(`guess-${i}`, ip).expect(400);
    const refused = await check(token, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await check(token).expect(200);
    t.clock.advance(15 * 60 * 1000);
    await check(token, ip).expect(200);
  });

  it('never writes the token to the logs or the audit log', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    await check(token).expect(200);
    await reset(token).expect(204);
    await check(token).expect(400);
    const rows = await t.deps.db.select().from(auditLogs);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(t.logs()).not.toContain(token);
  });
});
