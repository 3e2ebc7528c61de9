import type { SecurityActivityItem } from '@gatehouse/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityOf } from './support/alerts.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addMember, post, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('GET /api/security/activity', () => {
  it('lists the user’s sign-ins from elsewhere, failed ones too, with device, address and time', async () => {
    const owner = await signUp(t);
    const failed = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .set('User-Agent', FIREFOX)
      .set('X-Forwarded-For', '203.0.113.50')
      .send({ email: owner.email, password: 'not-the-password' });
    expect(failed.status).toBe(401);
    await signIn(t, owner.email, undefined, FIREFOX);
    const items = await activityOf(owner, '');
    // Newest first; a new-device alert for the sign-in may come before it.
    const signedIn = items.find((i) => i.action === 'LOGIN_SUCCESS');
    const refused = items.find((i) => i.action === 'LOGIN_FAILURE');
    expect(signedIn).toMatchObject({
      action: 'LOGIN_SUCCESS',
      outcome: 'SUCCESS',
      device: 'Firefox on Windows',
      actor: null,
    });
    expect(refused).toMatchObject({
      action: 'LOGIN_FAILURE',
      outcome: 'FAIL',
      failureReason: 'INVALID_CREDENTIALS',
      ip: '203.0.113.50',
      device: 'Firefox on Windows',
      userAgent: FIREFOX,
    });
    expect(new Date(refused?.at ?? '').getTime()).toBe(t.clock.now().getTime());
  });

  it('says who signed a session out: an administrator by name, an API token by its name', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const phone = await signIn(t, member.email);
    await stepUp(owner, 'REVOKE_SESSION');
    await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`).expect(200);
    const { secret } = await createToken(owner, ['sessions:write'], { name: 'nightly-sync' });
    const laptop = await signIn(t, member.email);
    await bearer(t, secret).delete(`/api/admin/sessions/${laptop.body.session.id}`).expect(204);
    const revoked = (await activityOf(member, '')).filter((i) => i.action === 'SESSION_REVOKED');
    expect(revoked.map((i) => i.actor)).toEqual([
      { id: expect.any(String), name: 'nightly-sync', kind: 'api_token' },
      { id: owner.body.user.id, name: 'Owner Person', kind: 'user' },
    ]);
    // The administrator's own list is about the administrator.
    expect((await activityOf(owner, '')).some((i) => i.action === 'SESSION_REVOKED')).toBe(true);
  });

  it('shows a support session on the account: who started and ended it, and why', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await stepUp(admin, 'IMPERSONATION');
    const reason = 'Ticket 42: cannot open the Q3 plan';
    await post(admin, `/api/impersonate/${member.body.user.id}`).send({ reason }).expect(200);
    admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
    await post(admin, '/api/impersonate/exit').expect(200);
    const support = (await activityOf(member, '')).filter((i) =>
      ['IMPERSONATION_STARTED', 'IMPERSONATION_ENDED'].includes(i.action),
    );
    expect(support.map((i) => [i.action, i.reason, i.actor?.name])).toEqual([
      ['IMPERSONATION_ENDED', reason, 'A admin'],
      ['IMPERSONATION_STARTED', reason, 'A admin'],
    ]);
  });

  it('pages with a cursor: every event exactly once, newest first, while new ones arrive', async () => {
    const owner = await signUp(t);
    // Four more sessions: within the session limit, so no eviction adds events of its own.
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(1000);
      await signIn(t, owner.email);
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const res = await owner.agent.get(`/api/security/activity${query}`).expect(200);
      seen.push(...res.body.items.map((i: SecurityActivityItem) => i.id));
      cursor = res.body.nextCursor;
      pages += 1;
      // A new event between pages lands on top, not in the pages still to come.
      if (pages === 1)
        await request(t.app)
          .post('/api/auth/login')
          .set('Origin', ORIGIN)
          .send({ email: owner.email, password: 'not-the-password' })
          .expect(401);
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Sign-up and four sign-ins (the new-device alerts are the sign-ins'). `limit` counts
    // audit rows, so a sign-in and its alert fill a page of two as one entry.
    expect(seen.length).toBe(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    const everything = await activityOf(owner, '?limit=100');
    expect(everything.slice(1).map((i) => i.id)).toEqual(seen);
  });

  it('is the caller’s own: another org’s user sees none of it, an API token may not ask', async () => {
    const owner = await signUp(t);
    const stranger = await signUp(t);
    await signIn(t, owner.email);
    const theirs = await activityOf(stranger, '');
    expect(theirs.map((i) => i.action)).toEqual(['USER_SIGNED_UP']);
    const { secret } = await createToken(owner, ['sessions:read']);
    expect((await bearer(t, secret).get('/api/security/activity')).status).toBe(403);
  });
});
