import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgSecuritySettings } from '../src/db/schema/index.js';
import { loginFrom, mailsTo, newBrowser } from './support/alerts.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import {
  addMember,
  PASSWORD,
  post,
  randomAddress,
  type SignedInAgent,
  stepUp,
  uniqueEmail,
} from './support/users.js';

/** What a stranger or a rogue administrator would like our mail to say. */
const LURE = 'Click https://evil.example to keep your account';
/** A name as long as sign-up allows (100): the mail shows its first 80 characters. */
const LONG_NAME = `${LURE} <a href="https://evil.example">now</a> ${'x'.repeat(100)}`.slice(0, 100);
/** What the browser says it runs on: Sec-CH-UA-Platform is any text a client likes. */
const LURING_BROWSER = {
  'Sec-CH-UA': '"Chromium";v="124", "Google Chrome";v="124"',
  'Sec-CH-UA-Platform': `"${LURE}"`,
};

let t: TestApp;
let withSmtp: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  withSmtp = await createTestApp({ config: testConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }) });
});
afterAll(async () => {
  await withSmtp.close();
  await t.close();
});

/** `part` with every “quoted” span taken out: what reads as our own words. */
const ourWords = (part: string): string => part.replace(/“[^“”]*”/g, '“…”');

/** The lure reaches both parts of the mail only inside quotation marks, and HTML stays inert. */
function expectOnlyQuoted(mail: { text: string; html: string } | undefined): void {
  if (!mail) throw new Error('no such mail');
  for (const part of [mail.text, mail.html]) {
    expect(part).toMatch(/“[^“”]*evil\.example[^“”]*”/);
    expect(ourWords(part)).not.toContain('evil.example');
  }
  expect(mail.html).not.toMatch(/<a href="https:\/\/evil/);
}

async function signUpAs(app: TestApp, name: string): Promise<SignedInAgent> {
  const agent = request.agent(app.app);
  const email = uniqueEmail('owner');
  const res = await agent
    .post('/api/auth/signup')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', randomAddress())
    .send({ orgName: 'Lure Ltd', name, email, password: PASSWORD })
    .expect(201);
  return { agent, csrf: res.body.csrfToken, body: res.body, email };
}

describe('text that someone else chose reaches a mail only quoted and cut', () => {
  it('a new-device alert: the user’s long name cut at 80 characters, the device’s words quoted', async () => {
    const owner = await signUpAs(t, LONG_NAME);
    const res = await loginFrom(newBrowser(t), owner.email, randomAddress(), LURING_BROWSER);
    expect(res.status).toBe(200);
    const mail = (await mailsTo(t, owner.email)).find((m) => m.kind === 'alert_new_device');
    expectOnlyQuoted(mail);
    expect(mail?.text).toContain(`Hello “${LONG_NAME.slice(0, 79)}…”,`);
    expect(mail?.text).not.toContain(LONG_NAME);
    expect(mail?.text).toContain(`Device: “Chrome on ${LURE}”`);
    expect(mail?.html).toContain('&lt;a href=&quot;https://evil.example&quot;&gt;');
  });

  it('a reset link and its confirmation: the device and a forged forwarded address quoted', async () => {
    const owner = await signUpAs(t, LURE);
    const forgot = await request(t.app)
      .post('/api/auth/password/forgot')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', LURE)
      .set('User-Agent', `${LURE}/1.0 (${LURE})`)
      .send({ email: owner.email });
    expect(forgot.status).toBe(202);
    await t.deps.background.drain();
    const link = (await mailsTo(t, owner.email)).find((m) => m.kind === 'password_reset');
    expectOnlyQuoted(link);
    expect(link?.text).toContain(`Where: “${LURE}”`);
    const token = /reset-password\?token=([\w-]+)/.exec(link?.text ?? '')?.[1] ?? '';
    await request(t.app)
      .post('/api/auth/password/reset')
      .set('Origin', ORIGIN)
      .set('User-Agent', `${LURE}/1.0 (${LURE})`)
      .send({ token, newPassword: 'a-brand-new-passphrase-42' })
      .expect(204);
    const done = (await mailsTo(t, owner.email)).find((m) => m.kind === 'password_reset_done');
    expectOnlyQuoted(done);
  });

  it('an administrator’s name in "signed you out" mails', async () => {
    const owner = await signUpAs(t, LURE);
    const member = await addMember(t, owner, 'member');
    await stepUp(owner, 'REVOKE_SESSION');
    await post(owner, `/api/security/sessions/${member.body.session.id}/revoke`).expect(200);
    await stepUp(owner, 'FORCE_LOGOUT');
    await post(owner, `/api/users/${member.body.user.id}/force-logout`).expect(200);
    const mails = (await mailsTo(t, member.email)).filter((m) => m.kind === 'alert_admin_sign_out');
    expect(mails).toHaveLength(2);
    for (const mail of mails) expectOnlyQuoted(mail);
    expect(mails.map((m) => m.text)).toEqual([
      expect.stringContaining(`An administrator, “${LURE}”, signed this session out.`),
      expect.stringContaining(`An administrator, “${LURE}”, signed you out of every session.`),
    ]);
  });

  it('a support session’s reason, cut at 200 characters', async () => {
    const owner = await signUpAs(t, 'Owner Person');
    const member = await addMember(t, owner, 'member');
    const reason = `${LURE}. ${'More words. '.repeat(30)}`;
    await stepUp(owner, 'IMPERSONATION');
    await post(owner, `/api/impersonate/${member.body.user.id}`).send({ reason }).expect(200);
    owner.csrf = (await owner.agent.get('/api/auth/me')).body.csrfToken;
    await post(owner, '/api/impersonate/exit').expect(200);
    const mail = (await mailsTo(t, member.email)).find(
      (m) => m.kind === 'alert_impersonation_ended',
    );
    expectOnlyQuoted(mail);
    expect(mail?.text).toContain(`Reason given: “${reason.slice(0, 199).trimEnd()}…”`);
  });

  it('the device whose sign-in went over the session limit', async () => {
    const owner = await signUpAs(t, 'Owner Person');
    await t.deps.db
      .update(orgSecuritySettings)
      .set({ maxSessionsPerUser: 1 })
      .where(eq(orgSecuritySettings.orgId, owner.body.org.id));
    await loginFrom(newBrowser(t), owner.email, randomAddress(), LURING_BROWSER);
    const mail = (await mailsTo(t, owner.email)).find((m) => m.kind === 'alert_session_evicted');
    expectOnlyQuoted(mail);
    expect(mail?.text).toContain(`A sign-in from another device, “Chrome on ${LURE}”, went over`);
  });

  it('a sign-up with a taken email: the owner’s name and the stranger’s device quoted', async () => {
    const owner = await signUpAs(withSmtp, LURE);
    await request(withSmtp.app)
      .post('/api/auth/signup')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', randomAddress())
      .set('User-Agent', `${LURE}/1.0 (${LURE})`)
      .send({ orgName: LURE, name: LURE, email: owner.email, password: PASSWORD })
      .expect(201);
    const mail = (await mailsTo(withSmtp, owner.email)).find((m) => m.kind === 'sign_up_attempt');
    expectOnlyQuoted(mail);
  });
});
