import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailsTo } from './support/alerts.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { auditRows, endedOf, impersonate, orgWithTwoOwners } from './support/containment.js';
import { PASSWORD, post, signIn } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const NEW_PASSWORD = 'a-brand-new-passphrase-42';

/** An owner with a used API token and a support session opened from a second browser. */
async function ownerWithTokenAndSupportSession() {
  const { owner, member } = await orgWithTwoOwners(t);
  const made = await createToken(owner, ['users:read'], { name: 'Nightly export' });
  await bearer(t, made.secret).get('/api/admin/users').expect(200);
  await t.deps.background.drain(); // the token's last use
  const helper = await signIn(t, owner.email);
  await impersonate(helper, member.body.user.id);
  return { owner, helper, made };
}

describe('a routine password change', () => {
  it('keeps the API tokens working, ends other sessions and support sessions, and mails the tokens', async () => {
    const { owner, helper, made } = await ownerWithTokenAndSupportSession();
    const res = await post(owner, '/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(200);
    expect(res.body).toEqual({ revokedOtherSessions: 1 });
    await owner.agent.get('/api/auth/me').expect(200);
    // A support session opened from the old password's session does not outlive it.
    expect((await helper.agent.get('/api/auth/me')).status).toBe(401);
    // Integrations go on: someone forgot a password, nobody stole a token.
    await bearer(t, made.secret).get('/api/admin/users').expect(200);

    const mail = (await mailsTo(t, owner.email)).find((m) => m.kind === 'alert_password_changed');
    expect(mail?.text).toContain('These API tokens you created still work');
    expect(mail?.text).toMatch(
      new RegExp(`- “Nightly export” \\(ending ${made.token.lastFour}\\), last used \\d{4}-`),
    );
    expect(mail?.text).toContain('http://gatehouse.test/admin/api-tokens');
    expect(mail?.html).toContain('href="http://gatehouse.test/admin/api-tokens"');
    expect(mail?.text).not.toContain(made.secret);

    const [row] = await auditRows(t, owner.body.org.id, 'PASSWORD_CHANGED');
    expect(row?.metadata).toMatchObject({ keptApiKeys: 1 });
    expect(endedOf(row).apiKeys.count).toBe(0);
    expect(endedOf(row).supportSessions.count).toBe(1);
  });

  it('mails no token section to someone without tokens', async () => {
    const { member } = await orgWithTwoOwners(t);
    await post(member, '/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(200);
    const mail = (await mailsTo(t, member.email)).find((m) => m.kind === 'alert_password_changed');
    expect(mail?.text).toBeDefined();
    expect(mail?.text).not.toContain('API tokens');
  });
});

describe('"Forgot password?"', () => {
  it('keeps the API tokens, ends every session and support session, and lists the tokens in its mail', async () => {
    const { owner, helper, made } = await ownerWithTokenAndSupportSession();
    await request(t.app)
      .post('/api/auth/password/forgot')
      .set('Origin', ORIGIN)
      .send({ email: owner.email })
      .expect(202);
    await t.deps.background.drain();
    const link = (await mailsTo(t, owner.email)).find((m) => m.kind === 'password_reset');
    const token = /reset-password\?token=([\w-]+)/.exec(link?.text ?? '')?.[1] ?? '';
    await request(t.app)
      .post('/api/auth/password/reset')
      .set('Origin', ORIGIN)
      .send({ token, newPassword: NEW_PASSWORD })
      .expect(204);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(401);
    expect((await helper.agent.get('/api/auth/me')).status).toBe(401);
    await bearer(t, made.secret).get('/api/admin/users').expect(200);
    const done = (await mailsTo(t, owner.email)).find((m) => m.kind === 'password_reset_done');
    expect(done?.text).toContain(`“Nightly export” (ending ${made.token.lastFour})`);
    expect(done?.text).toContain('http://gatehouse.test/admin/api-tokens');
    const [row] = await auditRows(t, owner.body.org.id, 'PASSWORD_RESET');
    expect(row?.metadata).toMatchObject({
      revokedSessions: 2,
      keptApiKeys: 1,
      ended: { supportSessions: { count: 1 }, apiKeys: { count: 0 } },
    });
  });
});
