import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityAlerts, sessions } from '../src/db/schema/index.js';
import { LONDON, loginFrom, newBrowser } from './support/alerts.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, type TestApp } from './support/app.js';
import { auditRows, orgWithTwoOwners } from './support/containment.js';
import { addMember, patch, post, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function alertIdsOf(userId: string, type: string): Promise<string[]> {
  const rows = await t.deps.db
    .select({ id: securityAlerts.id })
    .from(securityAlerts)
    .where(and(eq(securityAlerts.userId, userId), eq(securityAlerts.type, type)));
  return rows.map((r) => r.id);
}

describe('acknowledging alerts', () => {
  it('an admin cannot close an alert about themselves (403 OWN_ALERT); another admin or an owner can', async () => {
    const { owner, admin } = await orgWithTwoOwners(t);
    const otherAdmin = await addMember(t, owner, 'admin');
    // Someone with the admin's password signs in from a new browser.
    expect((await loginFrom(newBrowser(t), admin.email, LONDON)).status).toBe(200);
    const [alertId] = await alertIdsOf(admin.body.user.id, 'new_device');
    const own = await post(admin, `/api/admin/alerts/${alertId}/ack`);
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('OWN_ALERT');
    const listed = await owner.agent.get('/api/admin/alerts?unacknowledged=true').expect(200);
    expect(listed.body.alerts.map((a: { id: string }) => a.id)).toContain(alertId);
    await post(otherAdmin, `/api/admin/alerts/${alertId}/ack`).expect(200);
    // A second acknowledgement changes nothing: 409, and no second SUCCESS row.
    expect((await post(owner, `/api/admin/alerts/${alertId}/ack`)).status).toBe(409);
    const rows = await auditRows(t, owner.body.org.id, 'ALERT_ACKNOWLEDGED');
    expect(rows.filter((r) => r.targetId === alertId).map((r) => r.outcome)).toEqual([
      'FAIL',
      'SUCCESS',
      'FAIL',
    ]);
  });

  it('nor the owners’ notice of a change they made', async () => {
    const { owner, admin, member } = await orgWithTwoOwners(t);
    await stepUp(admin, 'ROLE_CHANGE');
    await patch(admin, `/api/admin/users/${member.body.user.id}`)
      .send({ role: 'admin' })
      .expect(200);
    const [noticeId] = await alertIdsOf(owner.body.user.id, 'role_changed');
    const res = await post(admin, `/api/admin/alerts/${noticeId}/ack`);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('OWN_ALERT');
    await post(owner, `/api/admin/alerts/${noticeId}/ack`).expect(200);
  });
});

describe('POST /api/admin/sessions/cleanup', () => {
  it('purges and counts the caller’s own org only', async () => {
    const owner = await signUp(t);
    const mine = await Promise.all([signIn(t, owner.email), signIn(t, owner.email)]);
    const stranger = await signUp(t);
    const theirs = await signIn(t, stranger.email);
    // Past every session's absolute lifetime (Standard: 30 days); then a fresh sign-in to ask.
    t.clock.advance(31 * DAY_MS);
    const asker = await signIn(t, owner.email);
    const res = await post(asker, '/api/admin/sessions/cleanup').expect(200);
    // The owner's three dead sessions (sign-up and two sign-ins), nobody else's.
    expect(res.body).toEqual({ deleted: 3 });
    const left = await t.deps.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(
        inArray(sessions.id, [
          ...mine.map((s) => s.body.session.id),
          stranger.body.session.id,
          theirs.body.session.id,
        ]),
      );
    expect(left.map((r) => r.id).sort()).toEqual(
      [stranger.body.session.id, theirs.body.session.id].sort(),
    );
  });

  it('by an API token, also only its org', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['sessions:write']);
    const stranger = await signUp(t);
    t.clock.advance(31 * DAY_MS);
    const res = await bearer(t, secret).post('/api/admin/sessions/cleanup').expect(200);
    expect(res.body).toEqual({ deleted: 1 });
    const [theirs] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, stranger.body.session.id));
    expect(theirs).toBeDefined();
  });
});

describe('revoking what already ended', () => {
  it('is 404 for a session: no SUCCESS row, no second alert, nothing told', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await stepUp(admin, 'REVOKE_SESSION');
    const path = `/api/security/sessions/${member.body.session.id}/revoke`;
    await post(admin, path).expect(200);
    const again = await post(admin, path);
    expect(again.status).toBe(404);
    const rows = await auditRows(t, owner.body.org.id, 'SESSION_REVOKED');
    expect(rows.map((r) => [r.outcome, r.failureReason])).toEqual([
      ['SUCCESS', null],
      ['FAIL', 'NOT_FOUND'],
    ]);
    const raised = await auditRows(t, owner.body.org.id, 'ALERT_RAISED');
    expect(raised.filter((r) => r.targetId === member.body.user.id)).toHaveLength(1);
  });

  it('is 404 for an API token revoked twice, and for a session of another org by token', async () => {
    const owner = await signUp(t);
    const made = await createToken(owner, ['sessions:write']);
    const stranger = await signUp(t);
    await stepUp(owner, 'API_TOKEN_CHANGE');
    const path = `/api/admin/api-tokens/${made.token.id}`;
    const other = await createToken(owner, ['sessions:write'], { name: 'other' });
    const del = (p: string) =>
      owner.agent.delete(p).set('Origin', 'http://gatehouse.test').set('X-CSRF-Token', owner.csrf);
    await del(path).expect(204);
    expect((await del(path)).status).toBe(404);
    const foreign = await bearer(t, other.secret).delete(
      `/api/admin/sessions/${stranger.body.session.id}`,
    );
    expect(foreign.status).toBe(404);
    expect(await auditRows(t, owner.body.org.id, 'API_TOKEN_REVOKED')).toHaveLength(2);
  });
});
