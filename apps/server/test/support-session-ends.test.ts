import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema/index.js';
import { purgeExpiredSessions } from '../src/identity/index.js';
import { mailsTo } from './support/alerts.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  exitWithCookie,
  footprint,
  impersonate,
  MINUTE_MS,
  REASON,
  rowsOf,
  sessionCookieOf,
  sweepSupportSessions,
  team,
} from './support/impersonation.js';
import { post, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const endings = async (orgId: string) =>
  (await rowsOf(t, orgId, 'IMPERSONATION_ENDED')).map(
    (r) => (r.metadata as { endedBy: string }).endedBy,
  );

describe('the impersonated user is mailed', () => {
  it('at the start: who, why, when and until when', async () => {
    const { member, admin } = await team(t);
    const started = await impersonate(admin, member.body.user.id);
    const [mail, ...more] = await mailsTo(t, member.email);
    expect(more).toEqual([]);
    expect(mail?.kind).toBe('alert_impersonation_started');
    expect(mail?.subject).toBe('Security alert: Support session started');
    expect(mail?.text).toContain(
      `“A admin” started a support session on your account at ${utc(started.startedAt)}`,
    );
    expect(mail?.text).toContain(`it ends by ${utc(started.expiresAt)} at the latest`);
    expect(mail?.text).toContain(`Reason given: “${REASON}”`);
  });

  it('for every support session, even two within the hour, and at each end', async () => {
    const { member, admin } = await team(t);
    for (let i = 0; i < 2; i += 1) {
      await impersonate(admin, member.body.user.id);
      t.clock.advance(MINUTE_MS); // mails are listed in the order they were queued
      await post(admin, '/api/impersonate/exit').expect(200);
      admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
      t.clock.advance(MINUTE_MS);
    }
    expect((await mailsTo(t, member.email)).map((m) => m.kind)).toEqual([
      'alert_impersonation_started',
      'alert_impersonation_ended',
      'alert_impersonation_started',
      'alert_impersonation_ended',
    ]);
  });
});

describe('a support session nobody exits', () => {
  it('is recorded and mailed once when it expires, however many sweepers run', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    t.clock.advance(16 * MINUTE_MS);
    await Promise.all([sweepSupportSessions(t), sweepSupportSessions(t)]);
    await sweepSupportSessions(t);
    expect(await endings(owner.body.org.id)).toEqual(['expired']);
    const kinds = (await mailsTo(t, member.email)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'alert_impersonation_ended')).toHaveLength(1);
    // The admin's browser comes back to its own session; nothing more is recorded or mailed.
    const before = await footprint(t, owner.body.org.id);
    await admin.agent.get('/api/auth/me').expect(401);
    await admin.agent
      .post('/api/impersonate/exit')
      .set('Origin', 'http://gatehouse.test')
      .expect(200);
    expect((await admin.agent.get('/api/auth/me').expect(200)).body.user.id).toBe(
      admin.body.user.id,
    );
    expect((await footprint(t, owner.body.org.id)).audit).toBe(before.audit);
    expect((await footprint(t, owner.body.org.id)).mails).toBe(before.mails);
  });

  it('is recorded as revoked when the user signs it out', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const list = await member.agent.get('/api/security/sessions').expect(200);
    const support = list.body.sessions.find((s: { impersonated: boolean }) => s.impersonated);
    await stepUp(member, 'REVOKE_SESSION');
    await post(member, `/api/security/sessions/${support.id}/revoke`).expect(200);
    expect(await sweepSupportSessions(t)).toBeGreaterThanOrEqual(1);
    expect(await endings(owner.body.org.id)).toEqual(['revoked']);
    const kinds = (await mailsTo(t, member.email)).map((m) => m.kind);
    expect(kinds).toContain('alert_impersonation_ended');
  });

  it('stays in the sessions table until its end is recorded', async () => {
    const { admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const list = await member.agent.get('/api/security/sessions').expect(200);
    const { id } = list.body.sessions.find((s: { impersonated: boolean }) => s.impersonated);
    t.clock.advance(61 * MINUTE_MS);
    const kept = async () =>
      (await t.deps.db.select().from(sessions).where(eq(sessions.id, id))).length;
    await purgeExpiredSessions(t.deps.db, t.clock.now());
    expect(await kept()).toBe(1);
    await sweepSupportSessions(t);
    await purgeExpiredSessions(t.deps.db, t.clock.now());
    expect(await kept()).toBe(0);
  });
});

describe('POST /api/impersonate/exit with a dead support cookie', () => {
  it('writes nothing for a replay after exit: 401, no audit row, no mail, no session change', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const stolen = sessionCookieOf(admin);
    await post(admin, '/api/impersonate/exit').expect(200);
    const before = await footprint(t, owner.body.org.id);
    const replay = await exitWithCookie(t, stolen);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'session_revoked' });
    expect(await footprint(t, owner.body.org.id)).toEqual(before);
  });

  it('writes nothing for an expired one either; its end is left to the sweeper, once', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const stolen = sessionCookieOf(admin);
    t.clock.advance(61 * MINUTE_MS);
    const before = await footprint(t, owner.body.org.id);
    const replay = await exitWithCookie(t, stolen);
    expect(replay.status).toBe(401);
    expect(replay.body.reason).toBe('session_expired');
    expect(await footprint(t, owner.body.org.id)).toEqual(before);
    await sweepSupportSessions(t);
    await exitWithCookie(t, stolen).expect(401);
    expect(await endings(owner.body.org.id)).toEqual(['expired']);
  });
});
