import { and, asc, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { team } from './support/impersonation.js';
import { patch, post, type SignedInAgent, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;
const REASON = 'Customer asked for help with their share links';

/** Starts a support session; the browser's CSRF token is the new session's from then on. */
async function impersonate(admin: SignedInAgent, userId: string, reason = REASON) {
  await stepUp(admin, 'IMPERSONATION');
  const res = await post(admin, `/api/impersonate/${userId}`).send({ reason });
  if (res.status === 200) {
    const me = await admin.agent.get('/api/auth/me');
    admin.csrf = me.body.csrfToken;
  }
  return res;
}

/** The org's entries made while impersonating, oldest first. */
const impersonatedRows = (orgId: string) =>
  t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.isImpersonating, true)))
    .orderBy(asc(auditLogs.seq));

const sessionCookieOf = (who: SignedInAgent) =>
  who.agent.jar.getCookie('gh_session', {
    domain: '127.0.0.1',
    path: '/',
    secure: false,
    script: false,
  })?.value;

describe('starting a support session', () => {
  it('needs IMPERSONATE, step-up IMPERSONATION and a reason of 10 to 500 characters', async () => {
    const { owner, admin, member } = await team(t);
    const path = `/api/impersonate/${member.body.user.id}`;
    expect((await post(admin, path).send({ reason: REASON })).status).toBe(428);
    await stepUp(admin, 'IMPERSONATION');
    for (const reason of ['', 'too short', 'x'.repeat(501)])
      expect((await post(admin, path).send({ reason })).status, reason).toBe(422);
    expect(
      (await post(member, `/api/impersonate/${admin.body.user.id}`).send({ reason: REASON }))
        .status,
    ).toBe(403);
    expect(owner.body.user.id).toBeTruthy();
  });

  it('never an owner, yourself, another org (404), or from a support session', async () => {
    const { owner, admin, member } = await team(t);
    const stranger = await signUp(t);
    expect((await impersonate(admin, owner.body.user.id)).status).toBe(403);
    expect((await impersonate(admin, admin.body.user.id)).status).toBe(409);
    expect((await impersonate(admin, stranger.body.user.id)).status).toBe(404);
    await impersonate(admin, member.body.user.id).then((r) => expect(r.status).toBe(200));
    // The support session is the member's, who may not impersonate anyone anyway.
    const again = await post(admin, `/api/impersonate/${admin.body.user.id}`).send({
      reason: REASON,
    });
    expect(again.status).toBe(403);
  });

  it('is a session of its own: the browser becomes the member, the admin’s session waits', async () => {
    const { admin, member } = await team(t);
    const adminCookie = sessionCookieOf(admin);
    const res = await impersonate(admin, member.body.user.id);
    expect(res.status).toBe(200);
    expect(res.body.impersonation).toMatchObject({
      realUser: { id: admin.body.user.id },
      user: { id: member.body.user.id },
      reason: REASON,
      mode: 'read_only',
    });
    const started = new Date(res.body.impersonation.startedAt).getTime();
    expect(new Date(res.body.impersonation.expiresAt).getTime() - started).toBe(60 * MINUTE_MS);
    expect(sessionCookieOf(admin)).not.toBe(adminCookie);
    const me = await admin.agent.get('/api/auth/me').expect(200);
    expect(me.body.user.id).toBe(member.body.user.id);
    expect(me.body.impersonation.realUser.id).toBe(admin.body.user.id);
    // The admin's own session is untouched and comes back on exit.
    await post(admin, '/api/impersonate/exit').expect(200);
    admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
    expect(sessionCookieOf(admin)).toBe(adminCookie);
    const back = await admin.agent.get('/api/auth/me').expect(200);
    expect(back.body.user.id).toBe(admin.body.user.id);
    expect(back.body.impersonation).toBeNull();
  });
});

describe('while impersonating', () => {
  it('refuses every write with 403 IMPERSONATION_READ_ONLY, but reads work', async () => {
    const { admin, member } = await team(t);
    await impersonate(admin, member.body.user.id).then((r) => expect(r.status).toBe(200));
    await admin.agent.get('/api/security/sessions').expect(200);
    for (const [path, body] of [
      ['/api/documents', { name: 'a.txt', mime: 'text/plain', contentBase64: 'eA==' }],
      ['/api/security/sessions/revoke-others', {}],
      ['/api/security/stepup/verify', { purpose: 'REVOKE_SESSION', password: 'x' }],
      ['/api/security/mfa/totp/setup', {}],
      ['/api/auth/password', { currentPassword: 'a', newPassword: 'b-long-enough-passphrase' }],
    ] as const) {
      const res = await post(admin, path).send(body);
      expect(res.status, path).toBe(403);
      expect(res.body.error, path).toBe('IMPERSONATION_READ_ONLY');
    }
  });

  it('in "full" mode allows ordinary writes, never credentials, step-up or policy', async () => {
    const { owner, admin, member } = await team(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ impersonationMode: 'full' }).expect(200);
    await impersonate(admin, member.body.user.id).then((r) =>
      expect(r.body.impersonation.mode).toBe('full'),
    );
    await post(admin, '/api/documents')
      .send({ name: 'a.txt', mime: 'text/plain', contentBase64: 'eA==' })
      .expect(201);
    for (const path of [
      '/api/security/stepup/verify',
      '/api/security/mfa/totp/setup',
      '/api/auth/password',
    ]) {
      const res = await post(admin, path).send({});
      expect(res.body.error, path).toBe('IMPERSONATION_READ_ONLY');
    }
    expect((await patch(admin, '/api/org/security').send({})).status).toBe(403);
  });

  it('records every write with the real user, one by one; reads are counted, not appended', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const before = await impersonatedRows(owner.body.org.id);
    await admin.agent.get('/api/documents').expect(200);
    await admin.agent.get('/api/documents').expect(200);
    await post(admin, '/api/security/sessions/revoke-others').expect(403);
    const rows = (await impersonatedRows(owner.body.org.id)).slice(before.length);
    // A route with an action of its own records it, marked as impersonated; no row per read.
    expect(rows.map((r) => [r.action, r.outcome, r.failureReason])).toEqual([
      ['SESSION_REVOKE_ALL', 'FAIL', 'IMPERSONATION_READ_ONLY'],
    ]);
    for (const row of rows) {
      expect(row.actorUserId).toBe(member.body.user.id);
      expect(row.realUserId).toBe(admin.body.user.id);
    }
  });

  it('ends after 60 minutes at most; exit still brings the admin back', async () => {
    const { admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    // Active every 14 minutes (inside the 15 idle), it still ends at the hour.
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(14 * MINUTE_MS);
      await admin.agent.get('/api/auth/me').expect(200);
      await t.deps.background.drain(); // the last-seen touch that slides the idle window
    }
    t.clock.advance(5 * MINUTE_MS); // 61 minutes in
    const late = await admin.agent.get('/api/auth/me');
    expect(late.status).toBe(401);
    expect(late.body.reason).toBe('session_expired');
    const exit = await post(admin, '/api/impersonate/exit');
    expect(exit.status).toBe(200);
    expect((await admin.agent.get('/api/auth/me')).body.user.id).toBe(admin.body.user.id);
  });
});

describe('the impersonated user sees it', () => {
  it('as "Support session by <admin>" in Active sessions, and start and end with the reason in their activity', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    const list = await member.agent.get('/api/security/sessions').expect(200);
    const support = list.body.sessions.find((s: { impersonated: boolean }) => s.impersonated);
    expect(support.impersonator).toEqual({ id: admin.body.user.id, name: 'A admin' });
    t.clock.advance(5 * MINUTE_MS);
    await post(admin, '/api/impersonate/exit').expect(200);
    const activity = await member.agent.get('/api/security/activity').expect(200);
    const events = activity.body.items.filter((i: { action: string }) =>
      ['IMPERSONATION_STARTED', 'IMPERSONATION_ENDED'].includes(i.action),
    );
    expect(
      events.map((e: { action: string; reason: string; actor: { id: string } }) => [
        e.action,
        e.reason,
        e.actor.id,
      ]),
    ).toEqual([
      ['IMPERSONATION_ENDED', REASON, admin.body.user.id],
      ['IMPERSONATION_STARTED', REASON, admin.body.user.id],
    ]);
    const [ended] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'IMPERSONATION_ENDED')),
      );
    expect(ended?.metadata).toMatchObject({ durationSeconds: 300, endedBy: 'exit' });
    expect(
      (await member.agent.get('/api/security/sessions')).body.sessions.some(
        (s: { impersonated: boolean }) => s.impersonated,
      ),
    ).toBe(false);
  });

  it('a support session never pushes the user’s own sessions out', async () => {
    const { owner, admin, member } = await team(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ maxSessionsPerUser: 1 }).expect(200);
    await impersonate(admin, member.body.user.id);
    expect((await member.agent.get('/api/auth/me')).status).toBe(200);
  });
});

describe('POST /api/impersonate/exit', () => {
  it('is a 409 for a live session that is not a support session, a 401 for no session', async () => {
    const owner = await signUp(t);
    expect((await post(owner, '/api/impersonate/exit')).status).toBe(409);
    const nobody = await request(t.app).post('/api/impersonate/exit').set('Origin', ORIGIN);
    expect(nobody.status).toBe(401);
    expect(nobody.body).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'no_session' });
  });

  it('refuses a cross-site request (no Origin)', async () => {
    const owner = await signIn(t, (await signUp(t)).email);
    expect((await owner.agent.post('/api/impersonate/exit')).status).toBe(403);
  });
});

describe('an idle support session', () => {
  it('ends after 15 minutes without a request', async () => {
    const { admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    t.clock.advance(16 * MINUTE_MS);
    expect((await admin.agent.get('/api/auth/me')).status).toBe(401);
  });
});

describe('impersonating an admin', () => {
  it('never lets the support session sign people out or force them out, even in full mode', async () => {
    const { owner, admin, member } = await team(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ impersonationMode: 'full' }).expect(200);
    await impersonate(owner, admin.body.user.id).then((r) => expect(r.status).toBe(200));
    for (const [path, body] of [
      ['/api/admin/sessions/revoke', { expectedCount: 0 }],
      [`/api/users/${member.body.user.id}/force-logout`, {}],
      [`/api/impersonate/${member.body.user.id}`, { reason: REASON }],
    ] as const) {
      const res = await post(owner, path).send(body);
      expect(res.status, path).toBe(403);
      expect(res.body.error, path).toBe('IMPERSONATION_READ_ONLY');
    }
    // Reading the org's sessions is what support is for.
    await owner.agent.get('/api/admin/sessions').expect(200);
  });
});
