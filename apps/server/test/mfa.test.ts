import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, sessions, users } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { enrolTotp, hotp, totpCode } from './support/totp.js';
import { PASSWORD, post, type SignedInAgent, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;

async function passwordStep(email: string) {
  const agent = request.agent(t.app);
  const res = await agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .send({ email, password: PASSWORD });
  return { agent, res };
}

async function mfaStep(agent: ReturnType<typeof request.agent>, body: Record<string, string>) {
  return agent.post('/api/auth/login/mfa').set('Origin', ORIGIN).send(body);
}

describe('the test authenticator', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    const key = Buffer.from('12345678901234567890');
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors)
      expect(hotp(key, Math.floor(seconds / 30), 8)).toBe(code);
  });
});

describe('TOTP enrolment', () => {
  it('gives a key, an otpauth URI for Gatehouse and the email, and a QR code as SVG', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'MFA_CHANGE');
    const res = await post(owner, '/api/security/mfa/totp/setup').expect(200);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(res.body.otpauthUrl);
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Gatehouse:${owner.email}`);
    expect(uri.searchParams.get('secret')).toBe(res.body.secret);
    expect(uri.searchParams.get('issuer')).toBe('Gatehouse');
    expect(res.body.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('turns on only with a valid code, and returns 10 distinct recovery codes once', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'MFA_CHANGE');
    const { body } = await post(owner, '/api/security/mfa/totp/setup').expect(200);
    const wrong = await post(owner, '/api/security/mfa/totp/enable').send({
      code: totpCode(body.secret, t.clock.now(), 5),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('INVALID_OTP');
    const res = await post(owner, '/api/security/mfa/totp/enable')
      .send({ code: totpCode(body.secret, t.clock.now()) })
      .expect(200);
    expect(res.body.recoveryCodes).toHaveLength(10);
    expect(new Set(res.body.recoveryCodes).size).toBe(10);
    for (const code of res.body.recoveryCodes) expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect((await owner.agent.get('/api/security/mfa')).body).toEqual({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    expect((await owner.agent.get('/api/auth/me')).body.user.mfaEnabled).toBe(true);
    expect((await post(owner, '/api/security/mfa/totp/setup')).status).toBe(409);
  });

  it('keeps the key encrypted at rest: the column never contains it', async () => {
    const owner = await signUp(t);
    const { secret } = await enrolTotp(t, owner);
    const [row] = await t.deps.db.select().from(users).where(eq(users.id, owner.body.user.id));
    expect(row?.totpSecretEnc).toMatch(/^v1\./);
    expect(row?.totpSecretEnc).not.toContain(secret);
    expect(Buffer.from(row?.totpSecretEnc ?? '', 'utf8').toString('base64')).not.toContain(
      Buffer.from(secret).toString('base64'),
    );
    expect(row?.totpPendingSecretEnc).toBeNull();
  });
});

describe('TOTP codes', () => {
  async function enrolled(): Promise<{ owner: SignedInAgent; secret: string }> {
    const owner = await signUp(t);
    const { secret } = await enrolTotp(t, owner);
    t.clock.advance(10 * MINUTE_MS);
    return { owner, secret };
  }
  const verify = (owner: SignedInAgent, code: string) =>
    post(owner, '/api/security/stepup/verify').send({ purpose: 'REVOKE_SESSION', code });

  it('accepts one step of drift either way and nothing further', async () => {
    const { owner, secret } = await enrolled();
    expect((await verify(owner, totpCode(secret, t.clock.now(), -2))).status).toBe(400);
    expect((await verify(owner, totpCode(secret, t.clock.now(), 2))).status).toBe(400);
    expect((await verify(owner, totpCode(secret, t.clock.now(), -1))).status).toBe(200);
    expect((await verify(owner, totpCode(secret, t.clock.now(), 1))).status).toBe(200);
  });

  it('refuses a replayed code, and any step at or before the last accepted one', async () => {
    const { owner, secret } = await enrolled();
    const code = totpCode(secret, t.clock.now());
    expect((await verify(owner, code)).status).toBe(200);
    const replay = await verify(owner, code);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('INVALID_OTP');
    expect((await verify(owner, totpCode(secret, t.clock.now(), -1))).status).toBe(400);
    t.clock.advance(30_000);
    expect((await verify(owner, totpCode(secret, t.clock.now()))).status).toBe(200);
  });

  it('locks after 5 failures in 15 minutes, even for a right code, until the window passes', async () => {
    const { owner, secret } = await enrolled();
    for (let i = 0; i < 5; i += 1) expect((await verify(owner, '000000')).status).toBe(400);
    const locked = await verify(owner, totpCode(secret, t.clock.now()));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * MINUTE_MS);
    expect((await verify(owner, totpCode(secret, t.clock.now()))).status).toBe(200);
  });

  it('a user with TOTP cannot step up with the password', async () => {
    const { owner } = await enrolled();
    const res = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      password: PASSWORD,
    });
    expect(res.status).toBe(422);
    const required = await post(owner, '/api/security/sessions/revoke-others');
    expect(required.status).toBe(428);
    expect(required.body.methods).toEqual(['totp', 'recovery_code']);
  });
});

describe('sign-in with TOTP', () => {
  it('is two steps: the password gives a token and no session; the code opens the session', async () => {
    const owner = await signUp(t);
    const factor = await enrolTotp(t, owner);
    const { agent, res } = await passwordStep(owner.email);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      methods: ['totp', 'recovery_code'],
    });
    const cookies = [res.headers['set-cookie'] ?? []].flat().join(';');
    expect(cookies).not.toContain('gh_session');
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    const done = await mfaStep(agent, { mfaToken: res.body.mfaToken, code: factor.nextCode() });
    expect(done.status).toBe(200);
    expect((await agent.get('/api/auth/me')).body.user.email).toBe(owner.email);
    const [row] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, done.body.session.id));
    expect(row?.authMethods).toEqual(['password', 'totp']);
    expect(row?.mfaAt?.toISOString()).toBe(t.clock.now().toISOString());
    const again = await mfaStep(agent, { mfaToken: res.body.mfaToken, code: factor.nextCode() });
    expect(again.status).toBe(401);
  });

  it('refuses a wrong code (audited), and a token older than 5 minutes', async () => {
    const owner = await signUp(t);
    const factor = await enrolTotp(t, owner);
    const { agent, res } = await passwordStep(owner.email);
    const wrong = await mfaStep(agent, { mfaToken: res.body.mfaToken, code: '123456' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('INVALID_OTP');
    t.clock.advance(5 * MINUTE_MS);
    const late = await mfaStep(agent, { mfaToken: res.body.mfaToken, code: factor.nextCode() });
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: 'INVALID_CREDENTIALS', restart: true });
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'LOGIN_FAILURE')));
    expect(rows.map((r) => r.failureReason)).toEqual(['INVALID_OTP']);
  });

  it('accepts each recovery code once, whatever its case or dashes', async () => {
    const owner = await signUp(t);
    const { recoveryCodes } = await enrolTotp(t, owner);
    const [first = ''] = recoveryCodes;
    const one = await passwordStep(owner.email);
    const typed = first.toLowerCase().replace('-', ' ');
    expect(
      (await mfaStep(one.agent, { mfaToken: one.res.body.mfaToken, recoveryCode: typed })).status,
    ).toBe(200);
    expect((await one.agent.get('/api/security/mfa')).body.recoveryCodesLeft).toBe(9);
    const two = await passwordStep(owner.email);
    const reused = await mfaStep(two.agent, {
      mfaToken: two.res.body.mfaToken,
      recoveryCode: first,
    });
    expect(reused.status).toBe(400);
    const used = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'RECOVERY_CODE_USED')),
      );
    expect(used).toHaveLength(1);
  });
});

describe('turning TOTP off and new recovery codes', () => {
  it('need a fresh step-up with the second factor', async () => {
    const owner = await signUp(t);
    const factor = await enrolTotp(t, owner);
    const refused = await post(owner, '/api/security/mfa/recovery-codes');
    expect(refused.status).toBe(428);
    expect(refused.body).toMatchObject({
      purpose: 'RECOVERY_CODES',
      methods: ['totp', 'recovery_code'],
    });
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'RECOVERY_CODES', code: factor.nextCode() })
      .expect(200);
    const fresh = await post(owner, '/api/security/mfa/recovery-codes').expect(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const old = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'MFA_DISABLE',
      recoveryCode: factor.recoveryCodes[0],
    });
    expect(old.status).toBe(400);
    expect((await post(owner, '/api/security/mfa/totp/disable')).status).toBe(428);
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'MFA_DISABLE', recoveryCode: fresh.body.recoveryCodes[0] })
      .expect(200);
    await post(owner, '/api/security/mfa/totp/disable').expect(200);
    expect((await owner.agent.get('/api/auth/me')).body.user.mfaEnabled).toBe(false);
    const { res } = await passwordStep(owner.email);
    expect(res.body.mfaRequired).toBeUndefined();
    expect(res.body.user.email).toBe(owner.email);
  });

  it('never writes the key or any code to the audit log or the logs', async () => {
    const owner = await signUp(t);
    const factor = await enrolTotp(t, owner);
    const code = factor.nextCode();
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'RECOVERY_CODES', code })
      .expect(200);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id));
    const audit = JSON.stringify(rows);
    expect(rows.map((r) => r.action)).toContain('MFA_ENROLLED');
    for (const secret of [factor.secret, code, ...factor.recoveryCodes]) {
      expect(audit).not.toContain(secret);
      expect(t.logs()).not.toContain(secret);
    }
  });
});

describe('adding a second factor needs step-up MFA_CHANGE', () => {
  it('refuses a stolen cookie (a session that has not re-verified) with 428 MFA_CHANGE', async () => {
    const owner = await signUp(t);
    const setup = await post(owner, '/api/security/mfa/totp/setup');
    expect(setup.status).toBe(428);
    expect(setup.body).toMatchObject({
      error: 'STEP_UP_REQUIRED',
      purpose: 'MFA_CHANGE',
      methods: ['password'],
    });
    // With no enrolment started there is nothing to finish (409); with one, step-up again (428).
    expect(
      (await post(owner, '/api/security/mfa/totp/enable').send({ code: '123456' })).status,
    ).toBe(409);
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, owner.email));
    expect(user?.totpPendingSecretEnc).toBeNull();
  });

  it('does not count signing in as a step-up', async () => {
    const owner = await signUp(t);
    const fresh = await signIn(t, owner.email);
    expect((await post(fresh, '/api/security/mfa/totp/setup')).status).toBe(428);
  });

  it('lets the session enrol after it proves the password, and audits it', async () => {
    const owner = await signUp(t);
    await enrolTotp(t, owner);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id));
    expect(rows.map((r) => [r.action, r.outcome, r.metadata])).toEqual(
      expect.arrayContaining([
        ['STEP_UP_VERIFIED', 'SUCCESS', { purpose: 'MFA_CHANGE', method: 'password' }],
        ['MFA_ENROLLED', 'SUCCESS', { method: 'totp' }],
      ]),
    );
  });
});

describe('the user’s own security activity', () => {
  it('shows the enrolment, its step-up and sign-ins, newest first, and nobody else’s', async () => {
    const owner = await signUp(t);
    const member = await signIn(t, owner.email);
    await enrolTotp(t, owner);
    const res = await owner.agent.get('/api/security/activity').expect(200);
    const actions = res.body.items.map((i: { action: string }) => i.action);
    // Turning TOTP on raises an alert (mailed): one entry, the enrolment carrying it.
    expect(actions.slice(0, 2)).toEqual(['MFA_ENROLLED', 'STEP_UP_VERIFIED']);
    expect(actions).not.toContain('ALERT_RAISED');
    expect(res.body.items[0]).toMatchObject({ alertType: 'mfa_enabled', purpose: null });
    expect(res.body.items[1]).toMatchObject({ purpose: 'MFA_CHANGE' });
    expect(actions).toContain('LOGIN_SUCCESS');
    expect(actions).toContain('USER_SIGNED_UP');
    const stranger = await signUp(t);
    const theirs = await stranger.agent.get('/api/security/activity').expect(200);
    expect(theirs.body.items.map((i: { action: string }) => i.action)).toEqual(['USER_SIGNED_UP']);
    expect(member.body.user.id).toBe(owner.body.user.id);
  });
});
