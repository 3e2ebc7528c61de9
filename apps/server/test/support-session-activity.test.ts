import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityOf } from './support/alerts.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  impersonate,
  MINUTE_MS,
  REASON,
  rowsOf,
  sweepSupportSessions,
  team,
} from './support/impersonation.js';
import { PASSWORD, post, type SignedInAgent } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const byAdmin = (admin: SignedInAgent) => ({
  by: { id: admin.body.user.id, name: 'A admin' },
  reason: null,
});

describe('what a support session does, in the user’s security activity', () => {
  it('names the support session on a write it was refused, and not on the user’s own', async () => {
    const { admin, member } = await team(t);
    const attempt = { currentPassword: PASSWORD, newPassword: 'a-new-long-passphrase-7' };
    await post(member, '/api/auth/password')
      .send({ ...attempt, currentPassword: 'wrong-password' })
      .expect(400);
    await impersonate(admin, member.body.user.id);
    await post(admin, '/api/auth/password').send(attempt).expect(403);
    const refused = (await activityOf(member)).filter((i) => i.action === 'PASSWORD_CHANGED');
    expect(refused.map((i) => [i.outcome, i.failureReason, i.supportSession])).toEqual([
      ['FAIL', 'IMPERSONATION_READ_ONLY', byAdmin(admin)],
      ['FAIL', 'INVALID_PASSWORD', null],
    ]);
  });

  it('lists whatever a support session tried on the account, here a refused upload', async () => {
    const { admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    await post(admin, '/api/documents')
      .send({ name: 'a.txt', mime: 'text/plain', contentBase64: 'eA==' })
      .expect(403);
    const upload = (await activityOf(member)).find((i) => i.action === 'DOCUMENT_UPLOADED');
    expect(upload).toMatchObject({ outcome: 'FAIL', supportSession: byAdmin(admin) });
  });

  it('keeps a support session’s refused cross-site write apart from the user’s own', async () => {
    const { admin, member } = await team(t);
    // Both from the same address, in the same refusal window: without the administrator in
    // its key, the support session's refusal would only add to the user's count.
    await member.agent
      .post('/api/security/sessions/revoke-others')
      .set('Origin', 'http://gatehouse.test')
      .expect(403);
    await impersonate(admin, member.body.user.id);
    await admin.agent
      .post('/api/security/sessions/revoke-others')
      .set('Origin', 'http://gatehouse.test')
      .expect(403);
    const refusals = (await activityOf(member)).filter((i) => i.action === 'CSRF_REFUSED');
    expect(refusals.map((i) => i.supportSession)).toEqual([byAdmin(admin), null]);
  });

  it('attributes the start and the end (one entry each, with its email’s alert) to the administrator, with the reason', async () => {
    const { admin, member } = await team(t);
    await impersonate(admin, member.body.user.id);
    await post(admin, '/api/impersonate/exit').expect(200);
    const support = (await activityOf(member)).filter((i) => i.supportSession);
    expect(support.map((i) => [i.action, i.alertType, i.supportSession?.reason])).toEqual([
      ['IMPERSONATION_ENDED', 'impersonation_ended', REASON],
      ['IMPERSONATION_PAGE_VIEWS', null, REASON],
      ['IMPERSONATION_STARTED', 'impersonation_started', REASON],
    ]);
    for (const item of support) expect(item.supportSession?.by.name).toBe('A admin');
  });
});

describe('a support session’s reads', () => {
  it('are one audit entry when it ends, with the count, the first and last time and the routes', async () => {
    const { owner, admin, member } = await team(t);
    await impersonate(admin, member.body.user.id); // one read: GET /auth/me
    const firstAt = t.clock.now().toISOString();
    for (let i = 0; i < 3; i += 1) {
      t.clock.advance(MINUTE_MS);
      await admin.agent.get('/api/documents').expect(200);
    }
    await admin.agent.get('/api/security/sessions').expect(200);
    const lastAt = t.clock.now().toISOString();
    expect(await rowsOf(t, owner.body.org.id, 'IMPERSONATION_PAGE_VIEWS')).toEqual([]);
    await post(admin, '/api/impersonate/exit').expect(200);
    const [views, ...more] = await rowsOf(t, owner.body.org.id, 'IMPERSONATION_PAGE_VIEWS');
    expect(more).toEqual([]);
    expect(views).toMatchObject({
      actorUserId: member.body.user.id,
      realUserId: admin.body.user.id,
      isImpersonating: true,
      metadata: { count: 5, firstAt, lastAt, reason: REASON },
    });
    expect(views?.metadata).toMatchObject({
      routes: expect.arrayContaining([
        { method: 'GET', route: '/documents', count: 3 },
        { method: 'GET', route: '/security/sessions', count: 1 },
        { method: 'GET', route: '/auth/me', count: 1 },
      ]),
    });
    const item = (await activityOf(member)).find((i) => i.action === 'IMPERSONATION_PAGE_VIEWS');
    expect(item?.pageViews).toEqual({ count: 5, firstAt, lastAt });
    // Counting happened beside the chain, which still proves whole.
    expect((await owner.agent.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('stay one entry however many there are, and are summarised when the session expires', async () => {
    const { owner, admin, member } = await team(t);
    const before = (await rowsOf(t, owner.body.org.id, 'IMPERSONATED_REQUEST')).length;
    await impersonate(admin, member.body.user.id);
    for (let i = 0; i < 100; i += 1) await admin.agent.get('/api/documents').expect(200);
    t.clock.advance(16 * MINUTE_MS);
    // (Other tests' support sessions in this database may end in the same sweep.)
    expect(await sweepSupportSessions(t)).toBeGreaterThanOrEqual(1);
    const views = await rowsOf(t, owner.body.org.id, 'IMPERSONATION_PAGE_VIEWS');
    expect(views.map((r) => (r.metadata as { count: number }).count)).toEqual([101]);
    expect(await rowsOf(t, owner.body.org.id, 'IMPERSONATED_REQUEST')).toHaveLength(before);
  });
});
