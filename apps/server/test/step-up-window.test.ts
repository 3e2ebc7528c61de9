import { ORG_SETTINGS_WINDOW_MS } from '@gatehouse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { team } from './support/impersonation.js';
import { PASSWORD, patch, post, type SignedInAgent, signIn, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** An owner, an admin and a member, once the owner's verification for adding the admin is past the window. */
async function quietTeam() {
  const people = await team(t);
  t.clock.advance(ORG_SETTINGS_WINDOW_MS + 1000);
  return people;
}

let ruleCount = 0;
/** An organisation-settings write of each kind, against the owner's org. */
const orgActions = {
  ipRule: (owner: SignedInAgent) =>
    post(owner, '/api/security/ip-rules').send({
      action: 'deny',
      cidr: `203.0.113.${++ruleCount % 250}/32`,
    }),
  apiToken: (owner: SignedInAgent) =>
    post(owner, '/api/admin/api-tokens').send({ name: 'Nightly', scopes: ['sessions:read'] }),
  policy: (owner: SignedInAgent) =>
    patch(owner, '/api/org/security').send({ requireMfaForShares: false }),
};

describe('the organisation-settings window (DESIGN §5, issue 20 item 11)', () => {
  it('one verification covers the other organisation-settings actions of the session for 5 minutes', async () => {
    const { owner, admin, member } = await quietTeam();
    const phone = await signIn(t, member.email);
    expect((await orgActions.ipRule(owner)).status).toBe(428);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await orgActions.policy(owner).expect(200);
    t.clock.advance(ORG_SETTINGS_WINDOW_MS - 60_000);
    expect((await orgActions.ipRule(owner)).status).toBe(201);
    expect((await orgActions.apiToken(owner)).status).toBe(201);
    await patch(owner, `/api/admin/users/${admin.body.user.id}`)
      .send({ role: 'member' })
      .expect(200);
    // Another user's session is an organisation setting; so is signing them out everywhere.
    await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`).expect(200);
    await post(owner, `/api/users/${member.body.user.id}/force-logout`).expect(200);
    await post(owner, '/api/org/security/revoke-sessions').send({ scope: 'others' }).expect(200);
  });

  it('ends 5 minutes after the verification, while the verified purpose keeps its own 10 minutes', async () => {
    const { owner } = await quietTeam();
    await stepUp(owner, 'IP_RULE_CHANGE');
    t.clock.advance(ORG_SETTINGS_WINDOW_MS + 1000);
    const late = await orgActions.apiToken(owner);
    expect(late.status).toBe(428);
    expect(late.body).toMatchObject({ error: 'STEP_UP_REQUIRED', purpose: 'API_TOKEN_CHANGE' });
    expect((await orgActions.ipRule(owner)).status).toBe(201);
  });

  it('does not cover factor changes, impersonation, downloads, your own sessions, or another session', async () => {
    const { owner, member } = await quietTeam();
    const laptop = await signIn(t, owner.email);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    const refusals = [
      await post(owner, '/api/security/mfa/totp/setup'),
      await post(owner, `/api/impersonate/${member.body.user.id}`).send({
        reason: 'Ticket 4821: the Q3 report will not open',
      }),
      await post(owner, '/api/security/sessions/revoke-others'),
      await post(owner, `/api/security/sessions/${laptop.body.session.id}/revoke`),
    ];
    expect(refusals.map((r) => [r.status, r.body.purpose])).toEqual([
      [428, 'MFA_CHANGE'],
      [428, 'IMPERSONATION'],
      [428, 'REVOKE_ALL_OTHER_SESSIONS'],
      [428, 'REVOKE_SESSION'],
    ]);
    // Downloads (the org requires a second factor for them by default) are bound to their own.
    const upload = await post(owner, '/api/documents').send({
      name: 'q3.txt',
      mime: 'text/plain',
      contentBase64: Buffer.from('numbers').toString('base64'),
    });
    expect(upload.status).toBe(201);
    const download = await owner.agent.get(`/api/storage/download-url/${upload.body.document.id}`);
    expect(download.status).toBe(428);
    expect(download.body.purpose).toBe('DOWNLOAD');
    // The window is this session's: the owner's other browser is asked again.
    expect((await orgActions.ipRule(laptop)).status).toBe(428);
  });

  it('is not opened by those purposes either, nor by revoking a session', async () => {
    const { owner } = await quietTeam();
    for (const purpose of ['MFA_CHANGE', 'IMPERSONATION', 'REVOKE_SESSION'] as const) {
      await stepUp(owner, purpose);
      expect((await orgActions.ipRule(owner)).status).toBe(428);
    }
  });

  it('asks an admin, for a refused password, all over again', async () => {
    const { admin } = await quietTeam();
    const wrong = await post(admin, '/api/security/stepup/verify').send({
      purpose: 'IP_RULE_CHANGE',
      password: `${PASSWORD}-not`,
    });
    expect(wrong.status).toBe(400);
    expect((await orgActions.ipRule(admin)).status).toBe(428);
  });
});

describe('the 428 names the action it confirms (issue 20 item 11)', () => {
  it('revoking another user’s session: "Sign out Maya Member on Chrome on macOS"', async () => {
    const { owner } = await quietTeam();
    const maya = await post(owner, '/api/admin/users').send({
      email: `maya-${Date.now()}@example.test`,
      name: 'Maya Member',
      role: 'member',
      password: PASSWORD,
    });
    expect(maya.status).toBe(201);
    const mac = await signIn(t, maya.body.user.email, PASSWORD, MAC_CHROME);
    const res = await post(owner, `/api/security/sessions/${mac.body.session.id}/revoke`);
    expect(res.status).toBe(428);
    expect(res.body).toMatchObject({
      purpose: 'REVOKE_SESSION',
      methods: ['password'],
      description: 'Sign out Maya Member on Chrome on macOS',
    });
    const forced = await post(owner, `/api/users/${maya.body.user.id}/force-logout`);
    expect(forced.body.description).toBe('Sign Maya Member out of every device');
  });

  it('turning an MFA requirement off asks for step-up, and says what it turns off', async () => {
    const { owner } = await quietTeam();
    const off = await patch(owner, '/api/org/security').send({ requireMfaForDownloads: false });
    expect(off.status).toBe(428);
    expect(off.body).toMatchObject({
      purpose: 'ORG_SECURITY_CHANGE',
      description: 'Stop requiring MFA for downloads',
    });
    const on = await patch(owner, '/api/org/security').send({ requireMfaForShares: true });
    expect(on.body.description).toBe('Require MFA for shares');
  });
});
