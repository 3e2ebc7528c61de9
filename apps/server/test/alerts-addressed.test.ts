import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoDatabase } from '../src/core/geo.js';
import { auditLogs, securityAlerts } from '../src/db/schema/index.js';
import {
  activityOf,
  adminAlertsOf,
  alertTypesOf,
  GEO_DB,
  HOUR_MS,
  LONDON,
  loginFrom,
  MINUTE_MS,
  mailsTo,
  newBrowser,
} from './support/alerts.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { impersonate, team } from './support/impersonation.js';
import { addMember, post, type SignedInAgent, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ geo: openGeoDatabase(GEO_DB) });
});
afterAll(async () => {
  await t.close();
});

async function forceLogout(by: SignedInAgent, who: SignedInAgent) {
  await stepUp(by, 'FORCE_LOGOUT');
  await post(by, `/api/users/${who.body.user.id}/force-logout`).expect(200);
}

const wrongPassword = (email: string, ip: string) =>
  request(t.app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .send({ email, password: 'not-the-password' });

describe('an administrator’s sign-out of a user', () => {
  it('is one entry in the user’s activity, by the administrator, not under their device', async () => {
    const { admin, member } = await team(t);
    await forceLogout(admin, member);
    const browser = newBrowser(t);
    const signedIn = await loginFrom(browser, member.email, LONDON);
    expect(signedIn.status).toBe(200);
    const items = await activityOf({ ...member, agent: browser, csrf: signedIn.body.csrfToken });
    expect(items.filter((i) => i.action === 'ALERT_RAISED')).toEqual([]);
    const forced = items.filter((i) => i.action === 'FORCE_LOGOUT');
    expect(forced).toHaveLength(1);
    expect(forced[0]).toMatchObject({
      alertType: 'admin_sign_out',
      actor: { id: admin.body.user.id, name: 'A admin', kind: 'user' },
      device: null,
      ip: null,
      userAgent: null,
    });
  });

  it('is mailed saying who did it and what to do, with no "If this wasn’t you" link', async () => {
    const { admin, member } = await team(t);
    await forceLogout(admin, member);
    const mails = (await mailsTo(t, member.email)).filter((m) => m.kind === 'alert_admin_sign_out');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.text).toContain(
      'This was done by “A admin”, an administrator of your organisation',
    );
    expect(mail?.text).toContain('Sign in again to continue');
    expect(mail?.text).not.toContain("If this wasn't you");
    expect(mail?.text).not.toContain('/this-wasnt-me');
    const [row] = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(
        and(
          eq(securityAlerts.userId, member.body.user.id),
          eq(securityAlerts.type, 'admin_sign_out'),
        ),
      );
    expect(row?.wasntMeTokenHash).toBeNull();
  });

  it('reads in the third person on /admin/alerts, and the administrator who did it may not acknowledge it', async () => {
    const { owner, admin, member } = await team(t);
    await forceLogout(admin, member);
    const seenByAdmin = (await adminAlertsOf(admin)).find((a) => a.type === 'admin_sign_out');
    expect(seenByAdmin).toMatchObject({
      user: { id: member.body.user.id },
      summary: '“A admin” signed “A member” out of every session.',
      actor: { id: admin.body.user.id, name: 'A admin' },
      own: true,
    });
    expect(seenByAdmin?.summary).not.toMatch(/\byou\b/);
    const refused = await post(admin, `/api/admin/alerts/${seenByAdmin?.id}/ack`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('OWN_ALERT');
    const seenByOwner = (await adminAlertsOf(owner)).find((a) => a.type === 'admin_sign_out');
    expect(seenByOwner?.own).toBe(false);
    await post(owner, `/api/admin/alerts/${seenByOwner?.id}/ack`).expect(200);
  });

  it('a session revoked by an administrator reads in the third person too', async () => {
    const { owner, member } = await team(t);
    await stepUp(owner, 'REVOKE_SESSION');
    await post(owner, `/api/security/sessions/${member.body.session.id}/revoke`).expect(200);
    const [alert] = (await adminAlertsOf(owner)).filter((a) => a.type === 'admin_sign_out');
    expect(alert?.summary).toBe('“Owner Person” signed out a session of “A member”.');
    // The user's own mail still speaks to them.
    const [mail] = (await mailsTo(t, member.email)).filter(
      (m) => m.kind === 'alert_admin_sign_out',
    );
    expect(mail?.text).toContain('signed this session out');
  });
});

describe('a support session’s alerts', () => {
  it('are the administrator’s own act on /admin/alerts: they may not acknowledge them', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const [mine] = (await adminAlertsOf(owner)).filter((a) => a.type === 'impersonation_started');
    expect(mine?.actor).toEqual({ id: admin.body.user.id, name: 'A admin' });
    expect(mine?.summary).toContain('started a support session on the account of “A member”');
    // The member's mail still offers "This wasn't me".
    const [mail] = (await mailsTo(t, member.email)).filter(
      (m) => m.kind === 'alert_impersonation_started',
    );
    expect(mail?.text).toContain('/this-wasnt-me');
    // Back in their own session, the administrator may not close it themselves.
    await post(admin, '/api/impersonate/exit').expect(200);
    admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
    const refused = await post(admin, `/api/admin/alerts/${mine?.id}/ack`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('OWN_ALERT');
  });
});

describe('ten failed sign-ins on one account within minutes', () => {
  it('raise one alert, high, for the user and the admins; nine do not', async () => {
    const { owner, member } = await team(t);
    for (let i = 0; i < 9; i += 1)
      expect((await wrongPassword(member.email, LONDON)).status).toBe(401);
    expect(await alertTypesOf(t, member.body.user.id)).not.toContain('failed_sign_ins');
    expect((await wrongPassword(member.email, LONDON)).status).toBe(401);
    expect(await alertTypesOf(t, member.body.user.id)).toContain('failed_sign_ins');
    const [alert] = (await adminAlertsOf(owner)).filter((a) => a.type === 'failed_sign_ins');
    expect(alert).toMatchObject({
      severity: 'high',
      user: { id: member.body.user.id },
      ip: LONDON,
      summary: `10 wrong passwords for the account of “A member” within 15 minutes, the last from ${LONDON}.`,
    });
    const mails = (await mailsTo(t, member.email)).filter(
      (m) => m.kind === 'alert_failed_sign_ins',
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('10 wrong passwords for your account within 15 minutes');
    // The refusal itself is still recorded, with the alert as its entry's, not beside it.
    const rows = await t.deps.db
      .select({ action: auditLogs.action, outcome: auditLogs.outcome })
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id));
    expect(rows.filter((r) => r.action === 'LOGIN_FAILURE')).toHaveLength(10);
    expect(rows.filter((r) => r.action === 'ALERT_RAISED').length).toBeGreaterThan(0);
    const items = await activityOf(member);
    expect(items.filter((i) => i.action === 'ALERT_RAISED')).toEqual([]);
    expect(items.filter((i) => i.alertType === 'failed_sign_ins')).toHaveLength(1);
  });

  it('one alert per burst: more failures from other addresses within the hour add none', async () => {
    const { member } = await team(t);
    for (let i = 0; i < 10; i += 1) await wrongPassword(member.email, `203.0.113.${i + 1}`);
    // Still the same burst: the next window, other addresses.
    t.clock.advance(16 * MINUTE_MS);
    for (let i = 0; i < 10; i += 1) await wrongPassword(member.email, `198.51.100.${i + 1}`);
    const types = await alertTypesOf(t, member.body.user.id);
    expect(types.filter((type) => type === 'failed_sign_ins')).toHaveLength(1);
    // A burst hours later is news again.
    t.clock.advance(2 * HOUR_MS);
    for (let i = 0; i < 10; i += 1) await wrongPassword(member.email, `192.0.2.${i + 1}`);
    const later = await alertTypesOf(t, member.body.user.id);
    expect(later.filter((type) => type === 'failed_sign_ins')).toHaveLength(2);
  });

  it('an unknown email raises nothing', async () => {
    const { owner } = await team(t);
    for (let i = 0; i < 10; i += 1) await wrongPassword('nobody@example.test', LONDON);
    expect((await adminAlertsOf(owner)).filter((a) => a.type === 'failed_sign_ins')).toEqual([]);
  });
});

describe('POST /api/admin/alerts/acknowledge-all', () => {
  /** Alerts about the member (a new device), and one about the admin's own act. */
  async function orgWithAlerts() {
    const { owner, admin, member } = await team(t);
    expect((await loginFrom(newBrowser(t), member.email, LONDON)).status).toBe(200);
    t.clock.advance(MINUTE_MS);
    const second = await addMember(t, owner, 'member');
    await forceLogout(admin, second);
    return { owner, admin, member, second };
  }

  it('acknowledges every open alert the page showed, skips the admin’s own, and is audited', async () => {
    const { owner, admin } = await orgWithAlerts();
    const shown = await adminAlertsOf(admin, '?unacknowledged=true');
    const upTo = shown[0]?.createdAt;
    expect(shown.some((a) => a.own)).toBe(true);
    // An alert that arrives after the page was shown stays open.
    t.clock.advance(MINUTE_MS);
    const late = await addMember(t, owner, 'member');
    expect((await loginFrom(newBrowser(t), late.email, LONDON)).status).toBe(200);
    const res = await post(admin, '/api/admin/alerts/acknowledge-all').send({ upTo });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      acknowledged: shown.filter((a) => !a.own).length,
      skipped: shown.filter((a) => a.own).length,
    });
    const open = await adminAlertsOf(admin, '?unacknowledged=true');
    expect(open.map((a) => a.type).sort()).toEqual(
      [...shown.filter((a) => a.own).map((a) => a.type), 'new_device'].sort(),
    );
    const [row] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'ALERTS_ACKNOWLEDGED')),
      );
    expect(row).toMatchObject({
      actorUserId: admin.body.user.id,
      outcome: 'SUCCESS',
      metadata: { acknowledged: res.body.acknowledged, skipped: res.body.skipped },
    });
  });

  it('honours the severity filter; an owner acknowledges alerts about their own acts too', async () => {
    const { owner } = await orgWithAlerts();
    await stepUp(owner, 'FORCE_LOGOUT');
    const third = await addMember(t, owner, 'member');
    await post(owner, `/api/users/${third.body.user.id}/force-logout`).expect(200);
    const upTo = new Date(t.clock.now().getTime() + 1).toISOString();
    const medium = await post(owner, '/api/admin/alerts/acknowledge-all').send({
      upTo,
      severity: 'medium',
    });
    expect(medium.status).toBe(200);
    expect(medium.body.skipped).toBe(0);
    const open = await adminAlertsOf(owner, '?unacknowledged=true');
    expect(open.every((a) => a.severity !== 'medium')).toBe(true);
    await post(owner, '/api/admin/alerts/acknowledge-all').send({ upTo }).expect(200);
    expect(await adminAlertsOf(owner, '?unacknowledged=true')).toEqual([]);
  });

  it('is refused to a member, without CSRF and with bad input, and touches no other org', async () => {
    const mine = await orgWithAlerts();
    const theirs = await orgWithAlerts();
    const upTo = new Date(t.clock.now().getTime() + 1).toISOString();
    const ackAll = (who: SignedInAgent) => post(who, '/api/admin/alerts/acknowledge-all');
    expect((await ackAll(mine.member).send({ upTo })).status).toBe(403);
    const noCsrf = await mine.admin.agent
      .post('/api/admin/alerts/acknowledge-all')
      .set('Origin', ORIGIN)
      .send({ upTo });
    expect(noCsrf.status).toBe(403);
    for (const body of [{}, { upTo: 'yesterday' }, { upTo, severity: 'urgent' }, { upTo, x: 1 }])
      expect((await ackAll(mine.admin).send(body)).status).toBe(422);
    const theirsBefore = (await adminAlertsOf(theirs.owner, '?unacknowledged=true')).length;
    expect(theirsBefore).toBeGreaterThan(0);
    await ackAll(mine.owner).send({ upTo }).expect(200);
    expect(await adminAlertsOf(mine.owner, '?unacknowledged=true')).toEqual([]);
    expect(await adminAlertsOf(theirs.owner, '?unacknowledged=true')).toHaveLength(theirsBefore);
  });
});
