import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoDatabase } from '../src/core/geo.js';
import { auditLogs } from '../src/db/schema/index.js';
import { clearPasswordResetRequirement } from '../src/identity/index.js';
import {
  DAY_MS,
  GEO_DB,
  HOUR_MS,
  LONDON,
  loginFrom,
  mailsTo,
  newBrowser,
  wasntMeToken,
} from './support/alerts.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addMember, PASSWORD, post, type SignedInAgent, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ geo: openGeoDatabase(GEO_DB) });
});
afterAll(async () => {
  await t.close();
});

/** An org whose member signed in from a second browser: one new-device alert. */
async function orgWithAlert() {
  const owner = await signUp(t);
  const member = await addMember(t, owner, 'member');
  expect((await loginFrom(newBrowser(t), member.email, LONDON)).status).toBe(200);
  return { owner, member };
}

const wasntMe = (token: string) =>
  request(t.app).post('/api/security/this-wasnt-me').set('Origin', ORIGIN).send({ token });

async function tokenOf(who: SignedInAgent): Promise<string> {
  const [mail] = await mailsTo(t, who.email);
  if (!mail) throw new Error('no alert email');
  return wasntMeToken(mail.text);
}

describe('GET /api/admin/alerts', () => {
  it('lists the org’s alerts with user, type, place and device, newest first, paged', async () => {
    const { owner, member } = await orgWithAlert();
    t.clock.advance(HOUR_MS * 2);
    await loginFrom(newBrowser(t), member.email, LONDON);
    const res = await owner.agent.get('/api/admin/alerts?limit=1');
    expect(res.status).toBe(200);
    expect(res.body.alerts).toHaveLength(1);
    expect(res.body.alerts[0]).toMatchObject({
      type: 'new_device',
      severity: 'medium',
      user: { id: member.body.user.id, email: member.email },
      city: 'London',
      country: 'GB',
      device: 'Chrome on macOS',
      acknowledgedAt: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
    const next = await owner.agent.get(`/api/admin/alerts?limit=1&cursor=${res.body.nextCursor}`);
    expect(next.body.alerts).toHaveLength(1);
    expect(next.body.alerts[0].id).not.toBe(res.body.alerts[0].id);
  });

  it('refuses a member (403) and shows nothing of another org', async () => {
    const { member } = await orgWithAlert();
    expect((await member.agent.get('/api/admin/alerts')).status).toBe(403);
    const stranger = await signUp(t);
    const theirs = await stranger.agent.get('/api/admin/alerts');
    expect(theirs.status).toBe(200);
    expect(theirs.body.alerts).toEqual([]);
  });
});

describe('POST /api/admin/alerts/:id/ack', () => {
  it('acknowledges an alert once, audited, and filters it out of the open ones', async () => {
    const { owner } = await orgWithAlert();
    const [alert] = (await owner.agent.get('/api/admin/alerts')).body.alerts;
    const res = await post(owner, `/api/admin/alerts/${alert.id}/ack`);
    expect(res.status).toBe(200);
    expect(res.body.alert).toMatchObject({
      id: alert.id,
      acknowledgedBy: { id: owner.body.user.id, name: 'Owner Person' },
    });
    expect(res.body.alert.acknowledgedAt).not.toBeNull();
    const open = await owner.agent.get('/api/admin/alerts?unacknowledged=true');
    expect(open.body.alerts).toEqual([]);
    const audit = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'ALERT_ACKNOWLEDGED'), eq(auditLogs.targetId, alert.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: owner.body.user.id, outcome: 'SUCCESS' });
  });

  it('answers 404 for another org’s alert, 403 for a member, 403 without the CSRF header', async () => {
    const { owner, member } = await orgWithAlert();
    const [alert] = (await owner.agent.get('/api/admin/alerts')).body.alerts;
    const stranger = await signUp(t);
    expect((await post(stranger, `/api/admin/alerts/${alert.id}/ack`)).status).toBe(404);
    expect((await post(member, `/api/admin/alerts/${alert.id}/ack`)).status).toBe(403);
    const noCsrf = await owner.agent
      .post(`/api/admin/alerts/${alert.id}/ack`)
      .set('Origin', ORIGIN);
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toBe('CSRF_FAILED');
    const still = await owner.agent.get('/api/admin/alerts?unacknowledged=true');
    expect(still.body.alerts).toHaveLength(1);
  });
});

describe('/admin/alerts from a support session', () => {
  it('shows nothing to an admin impersonating a member, who cannot ack either', async () => {
    const { owner, member } = await orgWithAlert();
    const admin = await addMember(t, owner, 'admin');
    const [alert] = (await admin.agent.get('/api/admin/alerts')).body.alerts;
    await stepUp(admin, 'IMPERSONATION');
    const started = await post(admin, `/api/impersonate/${member.body.user.id}`).send({
      reason: 'Checking the alerts page for a ticket',
    });
    expect(started.status).toBe(200);
    admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
    // The support session has the member's permissions: none of these.
    expect((await admin.agent.get('/api/admin/alerts')).status).toBe(403);
    expect((await post(admin, `/api/admin/alerts/${alert.id}/ack`)).status).toBe(403);
  });
});

describe('POST /api/security/this-wasnt-me', () => {
  it('signs out every session, requires a new password, and is audited', async () => {
    const { member } = await orgWithAlert();
    const token = await tokenOf(member);
    const res = await wasntMe(token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, passwordResetRequired: true });
    expect(res.body.message).toContain('Forgot password?');
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
    const again = await loginFrom(newBrowser(t), member.email, LONDON);
    expect(again.status).toBe(403);
    expect(again.body.error).toBe('PASSWORD_RESET_REQUIRED');
    const [row] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.action, 'THIS_WASNT_ME'), eq(auditLogs.targetId, member.body.user.id)),
      );
    expect(row).toMatchObject({ outcome: 'SUCCESS', actorUserId: member.body.user.id });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(t.logs()).not.toContain(token);
    // The reset flow clears the flag; then the account signs in again.
    await t.deps.db.transaction((tx) => clearPasswordResetRequirement(tx, member.body.user.id));
    expect((await loginFrom(newBrowser(t), member.email, LONDON)).status).toBe(200);
  });

  it('refuses a link used once already', async () => {
    const { member } = await orgWithAlert();
    const token = await tokenOf(member);
    expect((await wasntMe(token)).status).toBe(200);
    const reuse = await wasntMe(token);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('INVALID_LINK');
  });

  it('refuses a link older than 24 hours, and one it never made', async () => {
    const { member } = await orgWithAlert();
    const token = await tokenOf(member);
    t.clock.advance(DAY_MS + 1000);
    expect((await wasntMe(token)).body.error).toBe('INVALID_LINK');
    expect((await wasntMe(`${token.slice(0, -2)}xx`)).body.error).toBe('INVALID_LINK');
    expect((await wasntMe('short')).status).toBe(422);
    // Nothing happened to the account.
    expect((await member.agent.get('/api/auth/me')).status).toBe(200);
  });

  it('acts only on the account the email was about, whoever sends it', async () => {
    const { owner, member } = await orgWithAlert();
    const token = await tokenOf(member);
    const res = await post(owner, '/api/security/this-wasnt-me').send({ token });
    expect(res.status).toBe(200);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
    expect((await loginFrom(newBrowser(t), owner.email, LONDON)).status).toBe(200);
  });
});

describe('password is checked before the reset requirement', () => {
  it('answers a wrong password as usual, so a guesser learns nothing', async () => {
    const { member } = await orgWithAlert();
    expect((await wasntMe(await tokenOf(member))).status).toBe(200);
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: member.email, password: `${PASSWORD}-nope` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('INVALID_CREDENTIALS');
  });
});
