import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepUpGrants } from '../src/db/schema/index.js';
import { LONDON, loginFrom, mailsTo, newBrowser, wasntMeToken } from './support/alerts.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import {
  auditRows,
  endedOf,
  heardBy,
  impersonate,
  orgWithTwoOwners,
  supportSessionIds,
} from './support/containment.js';
import { enrolTotp } from './support/totp.js';
import { PASSWORD, post, signIn, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const sorted = (ids: string[]) => [...ids].sort();

/**
 * A co-owner whose account an attacker holds: a second session, a support session opened from
 * it, a step-up grant, a half-finished MFA sign-in and an API token minted with the session.
 */
async function compromisedCoOwner() {
  const org = await orgWithTwoOwners(t);
  const { coOwner, member } = org;
  const token = await createToken(coOwner, ['users:read'], { expiresInDays: null });
  const attacker = await signIn(t, coOwner.email);
  const totp = await enrolTotp(t, coOwner);
  await impersonate(attacker, member.body.user.id, { code: totp.nextCode() });
  await stepUp(coOwner, 'FORCE_LOGOUT', { code: totp.nextCode() });
  const pending = await request(t.app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .send({ email: coOwner.email, password: PASSWORD })
    .expect(200);
  const grants = await t.deps.db
    .select({ id: stepUpGrants.id })
    .from(stepUpGrants)
    .where(eq(stepUpGrants.userId, coOwner.body.user.id));
  return {
    ...org,
    token,
    attacker,
    totp,
    mfaToken: String(pending.body.mfaToken),
    grantIds: grants.map((g) => g.id),
  };
}

describe('force logout ends everything the user holds', () => {
  it('their sessions, the support session they opened, grants, the pending sign-in and their API token', async () => {
    const c = await compromisedCoOwner();
    const supportIds = await supportSessionIds(t, c.coOwner.body.user.id);
    expect(supportIds).toHaveLength(1);
    await bearer(t, c.token.secret).get('/api/admin/users').expect(200);
    await stepUp(c.owner, 'FORCE_LOGOUT');
    const res = await post(c.owner, `/api/users/${c.coOwner.body.user.id}/force-logout`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, revoked: 2 });

    expect((await c.coOwner.agent.get('/api/auth/me')).body.reason).toBe('forced_logout');
    // The support session would otherwise have lasted its 60 minutes.
    expect((await c.attacker.agent.get('/api/auth/me')).status).toBe(401);
    const minted = await bearer(t, c.token.secret).get('/api/admin/users');
    expect(minted.status).toBe(401);
    expect(minted.body.reason).toBe('token_revoked');
    const secondStep = await request(t.app)
      .post('/api/auth/login/mfa')
      .set('Origin', ORIGIN)
      .send({ mfaToken: c.mfaToken, code: c.totp.nextCode() });
    expect(secondStep.status).toBe(401);
    expect(secondStep.body.restart).toBe(true);

    const [row] = await auditRows(t, c.owner.body.org.id, 'FORCE_LOGOUT');
    const ended = endedOf(row);
    expect(ended.sessions.count).toBe(2);
    expect(ended.supportSessions).toEqual({ count: 1, ids: supportIds });
    expect(sorted(ended.grants.ids)).toEqual(sorted(c.grantIds));
    expect(ended.grants.count).toBe(2);
    expect(ended.challenges.count).toBe(1);
    expect(ended.apiKeys).toEqual({ count: 1, ids: [c.token.token.id] });
    expect(JSON.stringify(row)).not.toContain(c.token.secret);
  });

  it('refuses the revoked token on its very next request on another instance', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const { owner, coOwner } = await orgWithTwoOwners(t);
      const { secret } = await createToken(coOwner, ['users:read']);
      // Cached by the other instance first.
      await bearer(other, secret).get('/api/admin/users').expect(200);
      await stepUp(owner, 'FORCE_LOGOUT');
      const epoch = other.deps.sessionCache.currentEpoch;
      await post(owner, `/api/users/${coOwner.body.user.id}/force-logout`).expect(200);
      // Its t: message comes before the u: one that moves the epoch, on the same connection.
      await heardBy(other, epoch);
      const refused = await bearer(other, secret).get('/api/admin/users');
      expect(refused.status).toBe(401);
      expect(refused.body.reason).toBe('token_revoked');
    } finally {
      await other.close();
    }
  });

  it('an API token with sessions:write ends a user’s support sessions too', async () => {
    const { owner, admin, member } = await orgWithTwoOwners(t);
    const { secret } = await createToken(owner, ['sessions:write']);
    const helper = await signIn(t, admin.email);
    await impersonate(helper, member.body.user.id);
    await bearer(t, secret).post(`/api/users/${admin.body.user.id}/force-logout`).expect(200);
    expect((await helper.agent.get('/api/auth/me')).status).toBe(401);
    expect((await admin.agent.get('/api/auth/me')).status).toBe(401);
  });
});

describe('"This wasn\'t me" and the reset that follows it', () => {
  it('end the account’s API tokens and support sessions, not only its sessions', async () => {
    const { coOwner, member } = await orgWithTwoOwners(t);
    const { secret, token } = await createToken(coOwner, ['users:read']);
    const helper = await signIn(t, coOwner.email);
    await impersonate(helper, member.body.user.id);
    // A sign-in from another browser mails the co-owner a new-device alert with the link.
    expect((await loginFrom(newBrowser(t), coOwner.email, LONDON)).status).toBe(200);
    const alert = (await mailsTo(t, coOwner.email)).find((m) => m.kind === 'alert_new_device');
    const res = await request(t.app)
      .post('/api/security/this-wasnt-me')
      .set('Origin', ORIGIN)
      .send({ token: wasntMeToken(alert?.text ?? '') })
      .expect(200);
    expect(res.body.success).toBe(true);
    expect((await bearer(t, secret).get('/api/admin/users')).body.reason).toBe('token_revoked');
    expect((await helper.agent.get('/api/auth/me')).status).toBe(401);
    const [row] = await auditRows(t, coOwner.body.org.id, 'THIS_WASNT_ME');
    const ended = endedOf(row);
    expect(ended.apiKeys.ids).toEqual([token.id]);
    expect(ended.supportSessions.count).toBe(1);
    expect(ended.sessions.count).toBe(3);

    // The reset it asks for keeps nothing either: no token is listed as kept.
    await request(t.app)
      .post('/api/auth/password/forgot')
      .set('Origin', ORIGIN)
      .send({ email: coOwner.email })
      .expect(202);
    await t.deps.background.drain();
    const link = (await mailsTo(t, coOwner.email)).find((m) => m.kind === 'password_reset');
    const resetToken = /reset-password\?token=([\w-]+)/.exec(link?.text ?? '')?.[1] ?? '';
    await request(t.app)
      .post('/api/auth/password/reset')
      .set('Origin', ORIGIN)
      .send({ token: resetToken, newPassword: 'a-brand-new-passphrase-42' })
      .expect(204);
    const [reset] = await auditRows(t, coOwner.body.org.id, 'PASSWORD_RESET');
    expect(reset?.metadata).toMatchObject({ keptApiKeys: 0, ended: { apiKeys: { count: 0 } } });
    const done = (await mailsTo(t, coOwner.email)).find((m) => m.kind === 'password_reset_done');
    expect(done?.text).not.toContain('API tokens');
  });
});
