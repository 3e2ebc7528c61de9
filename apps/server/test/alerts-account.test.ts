import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoDatabase } from '../src/core/geo.js';
import { securityAlerts, sessions } from '../src/db/schema/index.js';
import {
  alertTypesOf,
  GEO_DB,
  LONDON,
  loginFrom,
  MINUTE_MS,
  mailsTo,
  newBrowser,
} from './support/alerts.js';
import { createTestApp, type TestApp } from './support/app.js';
import { enrolTotp } from './support/totp.js';
import { addMember, PASSWORD, post, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ geo: openGeoDatabase(GEO_DB) });
});
afterAll(async () => {
  await t.close();
});

const kindsTo = async (email: string) => (await mailsTo(t, email)).map((m) => m.kind);

describe('account-change alerts', () => {
  it('mails a password change, with the device that made it', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/auth/password').send({
      currentPassword: PASSWORD,
      newPassword: 'another-long-passphrase-42',
    });
    expect(res.status).toBe(200);
    const [mail] = await mailsTo(t, owner.email);
    expect(mail?.kind).toBe('alert_password_changed');
    expect(mail?.subject).toBe('Security alert: Password changed');
  });

  it('mails turning TOTP on and off and regenerating recovery codes', async () => {
    const owner = await signUp(t);
    const totp = await enrolTotp(t, owner);
    await stepUp(owner, 'RECOVERY_CODES', { code: totp.nextCode() });
    expect((await post(owner, '/api/security/mfa/recovery-codes')).status).toBe(200);
    await stepUp(owner, 'MFA_DISABLE', { code: totp.nextCode() });
    expect((await post(owner, '/api/security/mfa/totp/disable')).status).toBe(200);
    expect(await kindsTo(owner.email)).toEqual([
      'alert_mfa_enabled',
      'alert_recovery_codes_regenerated',
      'alert_mfa_disabled',
    ]);
  });

  it('mails a user an administrator signed out, naming the administrator', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    await stepUp(owner, 'FORCE_LOGOUT');
    expect((await post(owner, `/api/users/${member.body.user.id}/force-logout`)).status).toBe(200);
    const [mail] = await mailsTo(t, member.email);
    expect(mail?.kind).toBe('alert_admin_sign_out');
    expect(mail?.text).toContain(
      'An administrator, “Owner Person”, signed you out of every session.',
    );
  });

  it('mails a user whose session an administrator revoked', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    await stepUp(owner, 'REVOKE_SESSION');
    const path = `/api/security/sessions/${member.body.session.id}/revoke`;
    expect((await post(owner, path)).status).toBe(200);
    expect(await kindsTo(member.email)).toEqual(['alert_admin_sign_out']);
    // The alert says where that session was: the row the use case locked, handed to the reaction.
    const [session] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, member.body.session.id));
    const [alert] = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(eq(securityAlerts.userId, member.body.user.id));
    expect(session?.ip).toBeTruthy();
    expect(alert?.details).toMatchObject({
      ip: session?.ip,
      device: session?.device?.label ?? null,
    });
    expect(alert?.deviceIdHash).toEqual(session?.deviceIdHash);
  });

  it('mails the start and the end of a support session with its reason', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await stepUp(admin, 'IMPERSONATION');
    const reason = 'Ticket 42: <b>export</b> fails';
    expect(
      (await post(admin, `/api/impersonate/${member.body.user.id}`).send({ reason })).status,
    ).toBe(200);
    admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
    t.clock.advance(MINUTE_MS);
    expect((await post(admin, '/api/impersonate/exit')).status).toBe(200);
    const [start, end] = await mailsTo(t, member.email);
    expect(start?.kind).toBe('alert_impersonation_started');
    expect(end?.kind).toBe('alert_impersonation_ended');
    for (const mail of [start, end]) {
      expect(mail?.text).toContain(`Reason given: “${reason}”`);
      expect(mail?.html).toContain('&lt;b&gt;export&lt;/b&gt;');
    }
    // A support session is not a new device of the user's.
    expect(await alertTypesOf(t, member.body.user.id)).toEqual([
      'impersonation_started',
      'impersonation_ended',
    ]);
  });
});

describe('security activity', () => {
  it('shows an alert in the user’s recent security activity, with its type', async () => {
    const owner = await signUp(t);
    const other = await loginFrom(newBrowser(t), owner.email, LONDON);
    expect(other.status).toBe(200);
    const res = await owner.agent.get('/api/security/activity');
    expect(res.status).toBe(200);
    // One entry: the sign-in, carrying the alert it raised (no "Security alert" beside it).
    const items: { action: string }[] = res.body.items;
    expect(items.filter((i) => i.action === 'ALERT_RAISED')).toEqual([]);
    const signIn = items.find((i) => i.action === 'LOGIN_SUCCESS');
    expect(signIn).toMatchObject({ alertType: 'new_device', city: 'London', country: 'GB' });
  });
});
