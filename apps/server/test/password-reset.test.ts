import { randomBytes } from 'node:crypto';
import type { DevMailResponse } from '@gatehouse/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { RESET_TOKEN_TTL_MS } from '../src/features/password-reset/index.js';
import { requirePasswordReset } from '../src/identity/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { enrolTotp } from './support/totp.js';
import { PASSWORD, randomAddress, signIn, signUp, uniqueEmail } from './support/users.js';

const NEW_PASSWORD = 'a-brand-new-passphrase-42';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function forgot(email: string, ip = randomAddress()) {
  return request(t.app)
    .post('/api/auth/password/forgot')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .send({ email });
}

function reset(body: Record<string, string>) {
  return request(t.app).post('/api/auth/password/reset').set('Origin', ORIGIN).send(body);
}

/** The dev mailbox's messages to `email`, newest first. */
async function mailTo(email: string) {
  await t.deps.background.drain();
  const res = await request(t.app).get('/api/dev/mail').expect(200);
  return (res.body as DevMailResponse).messages.filter((m) => m.to === email);
}

/** Asks for a link and reads the token out of the mailed link. */
async function resetToken(email: string): Promise<string> {
  // A second apart, so the newest mail is the newest link.
  t.clock.advance(1000);
  await forgot(email).expect(202);
  const [mail] = (await mailTo(email)).filter((m) => m.kind === 'password_reset');
  const token = /reset-password\?token=([\w-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no reset link mailed to ${email}`);
  return token;
}

describe('forgot password', () => {
  it('answers 202 and mails a single-use link to the account', async () => {
    const owner = await signUp(t);
    const res = await forgot(owner.email);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true });
    const [mail] = await mailTo(owner.email);
    expect(mail).toMatchObject({
      kind: 'password_reset',
      subject: 'Reset your Gatehouse password',
    });
    expect(mail?.text).toMatch(/http:\/\/gatehouse\.test\/reset-password\?token=[\w-]{43}/);
    expect(mail?.html).toContain('/settings/security');
  });

  it('answers an unknown email exactly the same, and mails nothing', async () => {
    const owner = await signUp(t);
    const known = await forgot(owner.email);
    const stranger = uniqueEmail('nobody');
    const unknown = await forgot(stranger);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
    expect(await mailTo(stranger)).toEqual([]);
  });

  it('takes as long for an unknown email as for a known one (median of paired ratios within 20%)', async () => {
    const owner = await signUp(t);
    const timed = async (email: string) => {
      const started = process.hrtime.bigint();
      await forgot(email).expect(202);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      // The mail is prepared after the answer; let it finish before the next measurement.
      await t.deps.background.drain();
      return elapsed;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // Adjacent pairs, so a machine that gets busier or quieter affects both sides of a pair.
    const ratios: number[] = [];
    for (let round = 0; round < 35; round++) {
      // Per-email throttling would refuse the known address: a fresh window every round.
      t.clock.advance(16 * 60 * 1000);
      const knownFirst = round % 2 === 0;
      const first = await timed(knownFirst ? owner.email : uniqueEmail('ghost'));
      const second = await timed(knownFirst ? uniqueEmail('ghost') : owner.email);
      // The first rounds warm up; the order alternates so neither side gains from it.
      if (round >= 5) ratios.push(knownFirst ? second / first : first / second);
    }
    const ratio = median(ratios);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
  });

  it('throttles per email, whether or not the account exists: 2 an hour per address, 10 from all', async () => {
    for (const email of [(await signUp(t)).email, uniqueEmail('nobody')]) {
      const ip = randomAddress();
      for (let i = 0; i < 2; i++) await forgot(email, ip).expect(202);
      const refused = await forgot(email, ip);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      for (let i = 0; i < 8; i++) await forgot(email, `203.0.113.${i + 1}`).expect(202);
      expect((await forgot(email, randomAddress())).status).toBe(429);
    }
  });

  it('throttles per address across many emails', async () => {
    const ip = randomAddress();
    for (let i = 0; i < 10; i++) await forgot(uniqueEmail('sweep'), ip).expect(202);
    expect((await forgot(uniqueEmail('sweep'), ip)).status).toBe(429);
  });

  it('refuses a malformed email with 422', async () => {
    const res = await forgot('not-an-email');
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('VALIDATION_FAILED');
  });
});

describe('reset password', () => {
  it('sets the password, ends every session and mails the owner', async () => {
    const owner = await signUp(t);
    const laptop = await signIn(t, owner.email);
    const token = await resetToken(owner.email);
    const res = await reset({ token, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(401);
    expect((await laptop.agent.get('/api/auth/me')).status).toBe(401);
    const old = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: PASSWORD });
    expect(old.status).toBe(401);
    await signIn(t, owner.email, NEW_PASSWORD);
    const [latest] = (await mailTo(owner.email)).filter((m) => m.kind === 'password_reset_done');
    expect(latest).toMatchObject({
      kind: 'password_reset_done',
      subject: 'Your Gatehouse password was changed',
    });
  });

  it('lifts the sign-in lock "This wasn’t me" set: the new password signs in, the old one never', async () => {
    const owner = await signUp(t);
    await requirePasswordReset(t.deps.db, owner.body.user.id, t.clock.now());
    const login = (password: string) =>
      request(t.app)
        .post('/api/auth/login')
        .set('Origin', ORIGIN)
        .send({ email: owner.email, password });
    expect((await login(PASSWORD)).body.error).toBe('PASSWORD_RESET_REQUIRED');
    const token = await resetToken(owner.email);
    await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
    expect((await login(PASSWORD)).status).toBe(401);
    await signIn(t, owner.email, NEW_PASSWORD);
  });

  it('audits the request and the reset, never the token', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
    const rows = await t.deps.db.select().from(auditLogs);
    const mine = rows.filter((r) => r.targetId === owner.body.user.id);
    expect(mine.map((r) => r.action)).toEqual(
      expect.arrayContaining(['PASSWORD_RESET_REQUESTED', 'PASSWORD_RESET']),
    );
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
    expect(t.logs()).not.toContain(token);
    expect(t.logs()).not.toContain(NEW_PASSWORD);
  });

  it('refuses a link used once already', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
    const again = await reset({ token, newPassword: 'yet-another-passphrase-7' });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('RESET_TOKEN_INVALID');
    await signIn(t, owner.email, NEW_PASSWORD);
  });

  it('refuses a link after 30 minutes, and takes it just before', async () => {
    const first = await signUp(t);
    const late = await resetToken(first.email);
    t.clock.advance(RESET_TOKEN_TTL_MS);
    expect((await reset({ token: late, newPassword: NEW_PASSWORD })).body.error).toBe(
      'RESET_TOKEN_INVALID',
    );
    const second = await signUp(t);
    const onTime = await resetToken(second.email);
    t.clock.advance(RESET_TOKEN_TTL_MS - 1000);
    await reset({ token: onTime, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('keeps the three newest links live, and using one ends the others', async () => {
    const owner = await signUp(t);
    const links: string[] = [];
    for (let i = 0; i < 4; i++) links.push(await resetToken(owner.email));
    const [oldest, second, third, newest] = links;
    expect((await reset({ token: oldest ?? '', newPassword: NEW_PASSWORD })).status).toBe(400);
    await reset({ token: third ?? '', newPassword: NEW_PASSWORD }).expect(204);
    for (const token of [second, newest])
      expect(
        (await reset({ token: token ?? '', newPassword: 'yet-another-passphrase-7' })).status,
      ).toBe(400);
  });

  it('holds a new password to the sign-up rules', async () => {
    const owner = await signUp(t);
    const token = await resetToken(owner.email);
    const short = await reset({ token, newPassword: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.issues).toEqual([expect.objectContaining({ path: 'newPassword' })]);
    const guessable = await reset({ token, newPassword: 'password1234' });
    expect(guessable.status).toBe(422);
    // A refusal does not spend the link.
    await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
  });

  describe('with TOTP enrolled', () => {
    it('refuses without a code, then takes a TOTP code', async () => {
      const owner = await signUp(t);
      const totp = await enrolTotp(t, owner);
      const token = await resetToken(owner.email);
      const bare = await reset({ token, newPassword: NEW_PASSWORD });
      expect(bare.status).toBe(400);
      expect(bare.body.error).toBe('SECOND_FACTOR_REQUIRED');
      const wrong = await reset({ token, newPassword: NEW_PASSWORD, code: '000000' });
      expect(wrong.body.error).toBe('INVALID_OTP');
      await reset({ token, newPassword: NEW_PASSWORD, code: totp.nextCode() }).expect(204);
    });

    it('takes a recovery code instead', async () => {
      const owner = await signUp(t);
      const totp = await enrolTotp(t, owner);
      const token = await resetToken(owner.email);
      const recoveryCode = totp.recoveryCodes[0] ?? '';
      await reset({ token, newPassword: NEW_PASSWORD, recoveryCode }).expect(204);
      const reused = await resetToken(owner.email);
      const again = await reset({ token: reused, newPassword: NEW_PASSWORD, recoveryCode });
      expect(again.body.error).toBe('INVALID_OTP');
    });
  });

  describe('attacks', () => {
    it('cannot reset another account: a link only ever sets its own user’s password', async () => {
      const attacker = await signUp(t);
      const victim = await signUp(t);
      const token = await resetToken(attacker.email);
      await reset({ token, newPassword: NEW_PASSWORD, email: victim.email }).expect(204);
      await signIn(t, victim.email, PASSWORD);
      expect((await victim.agent.get('/api/auth/me')).status).toBe(200);
    });

    it('a stranger asking for links does not void the one the owner was sent', async () => {
      const owner = await signUp(t);
      const token = await resetToken(owner.email);
      const stranger = randomAddress();
      for (let i = 0; i < 2; i++) await forgot(owner.email, stranger).expect(202);
      // The stranger's links are made after the answers: wait for them.
      await t.deps.background.drain();
      await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
    });

    it('a stranger on one address cannot spend the owner’s allowance: another address still gets a link', async () => {
      const owner = await signUp(t);
      const stranger = randomAddress();
      for (let i = 0; i < 2; i++) await forgot(owner.email, stranger).expect(202);
      expect((await forgot(owner.email, stranger)).status).toBe(429);
      const token = await resetToken(owner.email);
      await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
    });

    it('a stranger flooding from many addresses, the owner’s office among them, cannot keep the owner’s known browser from a link', async () => {
      const owner = await signUp(t);
      const office = randomAddress();
      // The stranger spends the email's hourly ceiling, and the office address's own limit.
      for (const ip of [office, '203.0.114.1', '203.0.114.2', '203.0.114.3', '203.0.114.4'])
        for (let i = 0; i < 2; i++) await forgot(owner.email, ip).expect(202);
      for (let i = 0; i < 8; i++) await forgot(uniqueEmail('sweep'), office).expect(202);
      expect((await forgot(owner.email, randomAddress())).status).toBe(429);
      expect((await forgot(uniqueEmail('sweep'), office)).status).toBe(429);
      t.clock.advance(1000);
      const known = await owner.agent
        .post('/api/auth/password/forgot')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', office)
        .send({ email: owner.email });
      expect(known.status).toBe(202);
      const [mail] = (await mailTo(owner.email)).filter((m) => m.kind === 'password_reset');
      const token = /reset-password\?token=([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
      await reset({ token, newPassword: NEW_PASSWORD }).expect(204);
    });

    it('refuses a guessed token', async () => {
      const guessed = randomBytes(32).toString('base64url');
      const res = await reset({ token: guessed, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('RESET_TOKEN_INVALID');
    });

    it('refuses a link of a disabled account and mails a disabled account nothing', async () => {
      const owner = await signUp(t);
      const token = await resetToken(owner.email);
      const admin = await signIn(t, owner.email);
      // The owner cannot disable themselves; disabling goes through the database here.
      const { users } = await import('../src/db/schema/index.js');
      const { eq } = await import('drizzle-orm');
      await t.deps.db
        .update(users)
        .set({ disabledAt: t.clock.now() })
        .where(eq(users.id, admin.body.user.id));
      expect((await reset({ token, newPassword: NEW_PASSWORD })).status).toBe(400);
      await forgot(owner.email).expect(202);
      expect((await mailTo(owner.email)).filter((m) => m.kind === 'password_reset')).toHaveLength(
        1,
      );
    });

    it('refuses a reset from another origin (CSRF)', async () => {
      const res = await request(t.app)
        .post('/api/auth/password/reset')
        .set('Origin', 'https://evil.example')
        .send({ token: 'x', newPassword: NEW_PASSWORD });
      expect(res.status).toBe(403);
    });
  });
});
