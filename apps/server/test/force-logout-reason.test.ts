import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, securityAlerts } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { sessionCookieOf, team } from './support/impersonation.js';
import { post, signIn, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const REASON = 'Your laptop was reported stolen; call IT on ext. 4411';

async function forceOut(reason?: unknown) {
  const { owner, member } = await team(t);
  const cookie = sessionCookieOf(member);
  await stepUp(owner, 'FORCE_LOGOUT');
  const path = `/api/users/${member.body.user.id}/force-logout`;
  const res = await (reason === undefined ? post(owner, path) : post(owner, path).send({ reason }));
  return { owner, member, res, cookie };
}

describe('force logout with a reason (issue 20, item 17)', () => {
  it('records the reason in the audit entry, tells the user’s alert, and every signed-out browser says it', async () => {
    const { owner, member, res, cookie } = await forceOut(REASON);
    expect(res.status).toBe(200);
    const quotedReason = `“${REASON}”`;
    const me = await member.agent.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ reason: 'forced_logout', note: quotedReason });
    // Another instance, which never cached the session, reads it from the row.
    const other = await createTestApp({ handle: t.handle });
    try {
      const elsewhere = await request(other.app)
        .get('/api/auth/me')
        .set('Cookie', `gh_session=${cookie}`);
      expect(elsewhere.body).toMatchObject({ reason: 'forced_logout', note: quotedReason });
    } finally {
      await other.close();
    }
    const [row] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'FORCE_LOGOUT')));
    expect(row?.metadata).toMatchObject({ revoked: 1, reason: REASON });
    const [alert] = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(eq(securityAlerts.userId, member.body.user.id));
    expect(alert?.details.summary).toContain(`Reason: ${quotedReason}`);
    // A new sign-in is a fresh start: nothing of the reason follows it.
    const again = await signIn(t, member.email);
    expect((await again.agent.get('/api/auth/me')).status).toBe(200);
  });

  it('shows someone’s words as theirs: one line, no direction tricks, inside quotation marks', async () => {
    const { member, res } = await forceOut('Ask “IT”\nnow https://evil.example');
    expect(res.status).toBe(200);
    const me = await member.agent.get('/api/auth/me');
    expect(me.body.note).toBe('“Ask "IT" now https://evil.example”');
  });

  it('without a reason (no body, or an empty one) says only that an administrator signed you out', async () => {
    for (const reason of [undefined, '', '   ']) {
      const { owner, member, res } = await forceOut(reason);
      expect(res.status).toBe(200);
      const me = await member.agent.get('/api/auth/me');
      expect(me.body.reason).toBe('forced_logout');
      expect(me.body).not.toHaveProperty('note');
      const [row] = await t.deps.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'FORCE_LOGOUT')));
      expect(row?.metadata).not.toHaveProperty('reason');
    }
  });

  it('refuses a reason over 200 characters, with direction controls, or not text (422), and signs no one out', async () => {
    for (const reason of ['x'.repeat(201), 'abc\u202Edef', 42, { text: 'x' }]) {
      const { member, res } = await forceOut(reason);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      expect((await member.agent.get('/api/auth/me')).status).toBe(200);
    }
    const { res } = await forceOut('x'.repeat(200));
    expect(res.status).toBe(200);
  });

  it('never reaches a session revoked any other way', async () => {
    const { owner, member } = await team(t);
    const phone = await signIn(t, member.email);
    await stepUp(owner, 'REVOKE_SESSION');
    await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`).expect(200);
    const me = await phone.agent.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body).not.toHaveProperty('note');
  });
});

describe('the session list (issue 20, item 17)', () => {
  it('puts this device first, then the others by last seen, each with its sign-in time', async () => {
    const { member } = await team(t);
    t.clock.advance(2 * 60_000);
    const laptop = await signIn(t, member.email);
    t.clock.advance(2 * 60_000);
    const tablet = await signIn(t, member.email);
    const { body } = await member.agent.get('/api/security/sessions').expect(200);
    expect(body.sessions.map((s: { id: string }) => s.id)).toEqual([
      member.body.session.id,
      tablet.body.session.id,
      laptop.body.session.id,
    ]);
    expect(body.sessions[0].current).toBe(true);
    expect(new Set(body.sessions.map((s: { createdAt: string }) => s.createdAt)).size).toBe(3);
  });
});
