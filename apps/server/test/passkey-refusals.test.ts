import type { AuthenticationOptions } from '@gatehouse/shared';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, securityAlerts, sessions, stepUpGrants } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import {
  addPasskey,
  passkeySignIn,
  passkeyStepUp,
  SoftAuthenticator,
  signUpWithPasskey,
  stepUpWithPasskey,
} from './support/passkeys.js';
import { enrolTotp } from './support/totp.js';
import {
  addMember,
  attemptSignIn,
  PASSWORD,
  patch,
  post,
  type SignedInAgent,
  signIn,
  signUp,
  stepUp,
} from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('passkey sign-in refusals', () => {
  it('refuses a replayed assertion: the challenge is single-use', async () => {
    const { authenticator } = await signUpWithPasskey(t);
    const agent = request.agent(t.app);
    const options = await agent.post('/api/auth/passkey/options').set('Origin', ORIGIN).expect(200);
    const response = authenticator.assert(options.body as AuthenticationOptions);
    const verify = () =>
      agent.post('/api/auth/passkey/verify').set('Origin', ORIGIN).send({ response });
    expect((await verify()).status).toBe(200);
    const again = await verify();
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('INVALID_PASSKEY');
  });

  it('refuses a challenge given to another browser, and one past 5 minutes', async () => {
    const { authenticator } = await signUpWithPasskey(t, { synced: true });
    const mine = request.agent(t.app);
    const options = await mine.post('/api/auth/passkey/options').set('Origin', ORIGIN).expect(200);
    const response = authenticator.assert(options.body as AuthenticationOptions);
    const theirs = request.agent(t.app);
    await theirs.post('/api/auth/passkey/options').set('Origin', ORIGIN).expect(200);
    const stolen = await theirs
      .post('/api/auth/passkey/verify')
      .set('Origin', ORIGIN)
      .send({ response });
    expect(stolen.body.error).toBe('INVALID_PASSKEY');
    t.clock.advance(5 * 60_000 + 1);
    const late = await mine
      .post('/api/auth/passkey/verify')
      .set('Origin', ORIGIN)
      .send({ response });
    expect(late.body.error).toBe('INVALID_PASSKEY');
  });

  it('refuses an assertion without user verification, from another origin, or unknown', async () => {
    const { authenticator } = await signUpWithPasskey(t);
    expect((await passkeySignIn(t, authenticator, { userVerified: false })).res.body.error).toBe(
      'INVALID_PASSKEY',
    );
    const phished = await passkeySignIn(t, authenticator, { origin: 'https://evil.example' });
    expect(phished.res.body.error).toBe('INVALID_PASSKEY');
    const [known] = authenticator.credentials;
    if (!known) throw new Error('no credential');
    // A credential the server never saw (registered nowhere): refused as credentials.
    const stranger = new SoftAuthenticator();
    stranger.credentials.push({ ...known, id: Buffer.alloc(32, 7) });
    const unknown = await passkeySignIn(t, stranger);
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.body.error).toBe('INVALID_CREDENTIALS');
  });

  it('refuses and alerts when a device-bound passkey’s counter goes backwards', async () => {
    const { owner, authenticator } = await signUpWithPasskey(t);
    expect((await passkeySignIn(t, authenticator, { counter: 5 })).res.status).toBe(200);
    const cloned = await passkeySignIn(t, authenticator, { counter: 3 });
    expect(cloned.res.status).toBe(400);
    expect(cloned.res.body.error).toBe('INVALID_PASSKEY');
    const alerts = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(
        and(
          eq(securityAlerts.userId, owner.body.user.id),
          eq(securityAlerts.type, 'passkey_counter_regressed'),
        ),
      );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.severity).toBe('high');
  });

  it('accepts a synced passkey whose counter stays at 0', async () => {
    const { authenticator } = await signUpWithPasskey(t, { synced: true });
    expect((await passkeySignIn(t, authenticator)).res.status).toBe(200);
    expect((await passkeySignIn(t, authenticator)).res.status).toBe(200);
  });

  it('is throttled like any sign-in: failures past the limit answer 429', async () => {
    const { authenticator } = await signUpWithPasskey(t);
    const ip = '198.51.100.77';
    const attempt = async (bad = {}) => {
      const agent = request.agent(t.app);
      const options = await agent
        .post('/api/auth/passkey/options')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', ip);
      return agent
        .post('/api/auth/passkey/verify')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', ip)
        .send({ response: authenticator.assert(options.body as AuthenticationOptions, bad) });
    };
    for (let i = 0; i < 10; i += 1)
      expect((await attempt({ userVerified: false })).status).toBe(400);
    const locked = await attempt();
    expect(locked.status).toBe(429);
  });

  it('obeys IP rules like any sign-in', async () => {
    const { owner, authenticator } = await signUpWithPasskey(t);
    await stepUpWithPasskey(owner, authenticator, 'IP_RULE_CHANGE');
    await post(owner, '/api/security/ip-rules')
      .set('X-Forwarded-For', '192.0.2.10')
      .send({ action: 'deny', cidr: '203.0.113.0/24', note: 'blocked office' })
      .expect(201);
    const agent = request.agent(t.app);
    const options = await agent
      .post('/api/auth/passkey/options')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', '203.0.113.5');
    const res = await agent
      .post('/api/auth/passkey/verify')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', '203.0.113.5')
      .send({ response: authenticator.assert(options.body as AuthenticationOptions) });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('IP_BLOCKED');
  });
});

describe('step-up with a passkey', () => {
  it('lists "passkey" first in the 428 and records a grant for this session, no new session', async () => {
    const { owner, authenticator } = await signUpWithPasskey(t);
    const asked = await post(owner, '/api/security/sessions/revoke-others');
    expect(asked.status).toBe(428);
    expect(asked.body.methods).toEqual(['passkey', 'recovery_code']);
    const before = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, owner.body.user.id));
    const res = await passkeyStepUp(owner, authenticator, 'REVOKE_ALL_OTHER_SESSIONS');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, purpose: 'REVOKE_ALL_OTHER_SESSIONS' });
    const after = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, owner.body.user.id));
    expect(after).toHaveLength(before.length);
    const grants = await t.deps.db
      .select()
      .from(stepUpGrants)
      .where(eq(stepUpGrants.sessionId, owner.body.session.id));
    expect(grants.map((g) => g.method)).toContain('passkey');
    expect((await post(owner, '/api/security/sessions/revoke-others')).status).toBe(200);
  });

  it('refuses a step-up whose device-bound passkey went back in its counter, and alerts after the FAIL row', async () => {
    const { owner, authenticator } = await signUpWithPasskey(t);
    const first = await passkeyStepUp(owner, authenticator, 'REVOKE_SESSION', { counter: 5 });
    expect(first.status).toBe(200);
    const cloned = await passkeyStepUp(owner, authenticator, 'REVOKE_SESSION', { counter: 3 });
    expect(cloned.status).toBe(400);
    expect(cloned.body.error).toBe('INVALID_PASSKEY');
    const alerts = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(
        and(
          eq(securityAlerts.userId, owner.body.user.id),
          eq(securityAlerts.type, 'passkey_counter_regressed'),
        ),
      );
    expect(alerts).toHaveLength(1);
    const rows = (
      await t.deps.db.select().from(auditLogs).where(eq(auditLogs.orgId, owner.body.org.id))
    ).sort((a, b) => Number(a.seq) - Number(b.seq));
    const refused = rows.findIndex((r) => r.action === 'STEP_UP_VERIFIED' && r.outcome === 'FAIL');
    expect(refused).toBeGreaterThan(-1);
    expect(rows[refused + 1]?.action).toBe('ALERT_RAISED');
  });

  it('refuses options for one purpose answered for another, and a replay', async () => {
    const { owner, authenticator } = await signUpWithPasskey(t);
    const options = await post(owner, '/api/security/stepup/options')
      .send({ purpose: 'REVOKE_SESSION' })
      .expect(200);
    const passkey = authenticator.assert(options.body as AuthenticationOptions);
    const wrong = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'MFA_CHANGE',
      passkey,
    });
    expect(wrong.body.error).toBe('INVALID_PASSKEY');
    const right = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      passkey,
    });
    expect(right.status).toBe(200);
    const replay = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      passkey,
    });
    expect(replay.body.error).toBe('INVALID_PASSKEY');
  });

  it('refuses another user’s credential, and a challenge of another session', async () => {
    const mine = await signUpWithPasskey(t);
    const theirs = await signUpWithPasskey(t);
    const options = await post(mine.owner, '/api/security/stepup/options')
      .send({ purpose: 'REVOKE_SESSION' })
      .expect(200);
    const foreign = await post(mine.owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      passkey: theirs.authenticator.assert(options.body as AuthenticationOptions),
    });
    expect(foreign.body.error).toBe('INVALID_PASSKEY');
    // The same user's other session (a laptop signed in with the passkey) cannot use it.
    const other = await passkeySignIn(t, mine.authenticator);
    const laptopAgent: SignedInAgent = {
      agent: other.agent,
      csrf: other.res.body.csrfToken,
      body: other.res.body,
      email: mine.owner.email,
    };
    const crossed = await post(laptopAgent, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      passkey: mine.authenticator.assert(options.body as AuthenticationOptions),
    });
    expect(crossed.body.error).toBe('INVALID_PASSKEY');
  });

  it('options need a passkey to exist', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/security/stepup/options').send({ purpose: 'MFA_CHANGE' });
    expect(res.status).toBe(409);
  });
});

describe('a passkey is a second factor of its own', () => {
  it('replaces the password for step-up; its recovery codes work', async () => {
    const { owner, recoveryCodes } = await signUpWithPasskey(t);
    const password = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      password: PASSWORD,
    });
    expect(password.status).toBe(422);
    await stepUp(owner, 'REVOKE_SESSION', { recoveryCode: recoveryCodes[0] ?? '' });
  });

  it('makes the password sign-in two-step, offering the passkey or a recovery code', async () => {
    const { owner, recoveryCodes } = await signUpWithPasskey(t);
    const res = await attemptSignIn(t, owner.email);
    expect(res.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      methods: ['passkey', 'recovery_code'],
    });
    const code = await request(t.app)
      .post('/api/auth/login/mfa')
      .set('Origin', ORIGIN)
      .send({ mfaToken: res.body.mfaToken, code: '123456' });
    expect(code.body.error).toBe('INVALID_OTP');
    const recovered = await request(t.app)
      .post('/api/auth/login/mfa')
      .set('Origin', ORIGIN)
      .send({ mfaToken: res.body.mfaToken, recoveryCode: recoveryCodes[1] });
    expect(recovered.status).toBe(200);
  });

  it('keeps the recovery codes when TOTP is turned off and a passkey remains', async () => {
    const owner = await signUp(t);
    const totp = await enrolTotp(t, owner);
    const authenticator = new SoftAuthenticator();
    await stepUp(owner, 'MFA_CHANGE', { code: totp.nextCode() });
    const options = await post(owner, '/api/security/passkeys/register/options').expect(200);
    await post(owner, '/api/security/passkeys/register/verify')
      .send({ response: authenticator.register(options.body) })
      .expect(201);
    await stepUpWithPasskey(owner, authenticator, 'MFA_DISABLE');
    await post(owner, '/api/security/mfa/totp/disable').expect(200);
    await stepUp(owner, 'REVOKE_SESSION', { recoveryCode: totp.recoveryCodes[0] ?? '' });
  });
});

describe('org policy "Require passkeys for owners and admins"', () => {
  const turnOn = (owner: SignedInAgent) =>
    patch(owner, '/api/org/security').send({ requirePasskeysForAdmins: true });

  it('is refused to an owner without a passkey of their own', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    const res = await turnOn(owner);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('OWN_PASSKEY_REQUIRED');
  });

  it('then owners and admins with a passkey sign in and step up only with it', async () => {
    const { owner, authenticator } = await signUpWithPasskey(t);
    const admin = await addMemberAfterPasskey(owner, authenticator, 'admin');
    const member = await addMemberAfterPasskey(owner, authenticator, 'member');
    await stepUpWithPasskey(owner, authenticator, 'ORG_SECURITY_CHANGE');
    const on = await turnOn(owner);
    expect(on.status).toBe(200);
    expect(on.body.requirePasskeysForAdmins).toBe(true);

    // The owner: password (and a TOTP code) no longer sign in or step up.
    const pwd = await attemptSignIn(t, owner.email);
    expect(pwd.status).toBe(403);
    expect(pwd.body.error).toBe('PASSKEY_REQUIRED');
    const asked = await post(owner, '/api/security/sessions/revoke-others');
    expect(asked.body.methods).toEqual(['passkey']);
    expect((await passkeySignIn(t, authenticator)).res.status).toBe(200);

    // An admin without a passkey signs in and is told to add one before anything else.
    const adminLogin = await attemptSignIn(t, admin.email);
    expect(adminLogin.status).toBe(200);
    expect(adminLogin.body.passkeyEnrollmentRequired).toBe(true);
    const me = await admin.agent.get('/api/auth/me').expect(200);
    expect(me.body.passkeyEnrollmentRequired).toBe(true);
    // A member is not concerned.
    const memberLogin = await attemptSignIn(t, member.email);
    expect(memberLogin.body.passkeyEnrollmentRequired).toBeUndefined();

    // The admin adds a passkey (password step-up still works while they have none)…
    const adminKey = new SoftAuthenticator();
    await addPasskey(admin, adminKey);
    expect((await admin.agent.get('/api/auth/me')).body.passkeyEnrollmentRequired).toBeUndefined();
    // …and from then on a TOTP code or password is refused where a passkey is required.
    const code = await post(admin, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      code: '123456',
    });
    expect(code.status).toBe(403);
    expect(code.body.error).toBe('PASSKEY_REQUIRED');
    expect((await passkeyStepUp(admin, adminKey, 'REVOKE_SESSION')).status).toBe(200);
    // The last passkey of someone the policy covers cannot be removed.
    const list = await admin.agent.get('/api/security/passkeys').expect(200);
    await stepUpWithPasskey(admin, adminKey, 'MFA_CHANGE');
    const removed = await admin.agent
      .delete(`/api/security/passkeys/${list.body.passkeys[0].id}`)
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', admin.csrf);
    expect(removed.status).toBe(409);
    expect(removed.body.error).toBe('OWN_PASSKEY_REQUIRED');
  });

  it('refuses a TOTP code at the second sign-in step of an admin with a passkey', async () => {
    const owner = await signUp(t);
    const totp = await enrolTotp(t, owner);
    const authenticator = new SoftAuthenticator();
    await stepUp(owner, 'MFA_CHANGE', { code: totp.nextCode() });
    const options = await post(owner, '/api/security/passkeys/register/options').expect(200);
    await post(owner, '/api/security/passkeys/register/verify')
      .send({ response: authenticator.register(options.body) })
      .expect(201);
    // A sign-in started before the policy: its second step is refused once the policy is on.
    const started = await attemptSignIn(t, owner.email);
    expect(started.body.mfaRequired).toBe(true);
    await stepUpWithPasskey(owner, authenticator, 'ORG_SECURITY_CHANGE');
    await turnOn(owner).expect(200);
    const second = await request(t.app)
      .post('/api/auth/login/mfa')
      .set('Origin', ORIGIN)
      .send({ mfaToken: started.body.mfaToken, code: totp.nextCode() });
    expect(second.status).toBe(403);
    expect(second.body.error).toBe('PASSKEY_REQUIRED');
  });
});

/** Adds a team member once the owner has a passkey (ROLE_CHANGE verified with it). */
async function addMemberAfterPasskey(
  owner: SignedInAgent,
  authenticator: SoftAuthenticator,
  role: 'admin' | 'member',
): Promise<SignedInAgent> {
  if (role !== 'member') await stepUpWithPasskey(owner, authenticator, 'ROLE_CHANGE');
  return addMember(t, { ...owner }, 'member').then(async (added) => {
    if (role === 'member') return added;
    // Promote through the Team API (ROLE_CHANGE is fresh from above).
    await patch(owner, `/api/admin/users/${added.body.user.id}`).send({ role }).expect(200);
    return signIn(t, added.email);
  });
}
