import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { addMember, post, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: testConfig({ API_TOKEN_RATE_LIMIT: '5' }) });
});
afterAll(async () => {
  await t.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Bearer API tokens on the admin API', () => {
  it('lists the org’s sessions and users within its scopes, and 403 INSUFFICIENT_SCOPE outside', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const { secret } = await createToken(owner, ['sessions:read']);
    const api = bearer(t, secret);
    const list = await api.get('/api/admin/sessions').expect(200);
    expect(list.body.sessions).toHaveLength(2);
    const one = await api.get(`/api/admin/sessions?userId=${member.body.user.id}`).expect(200);
    expect(one.body.sessions.map((s: { userId: string }) => s.userId)).toEqual([
      member.body.user.id,
    ]);
    const users = await api.get('/api/admin/users');
    expect(users.status).toBe(403);
    expect(users.body).toMatchObject({ error: 'INSUFFICIENT_SCOPE', requiredScope: 'users:read' });
    const write = await api.post(`/api/users/${member.body.user.id}/force-logout`);
    expect(write.status).toBe(403);
    expect(write.body.error).toBe('INSUFFICIENT_SCOPE');
  });

  it('writes without CSRF or Origin, 404s another org’s session, and audits the token as actor', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const stranger = await signUp(t);
    const { secret, token } = await createToken(owner, ['sessions:write']);
    const api = bearer(t, secret);
    expect((await api.delete(`/api/admin/sessions/${stranger.body.session.id}`)).status).toBe(404);
    await stranger.agent.get('/api/auth/me').expect(200);
    await api.delete(`/api/admin/sessions/${member.body.session.id}`).expect(204);
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
    expect((await api.delete(`/api/admin/sessions/${member.body.session.id}`)).status).toBe(404);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, member.body.session.id));
    // The success, then the FAIL row of the second (404) attempt: both name the token.
    expect(rows.map((r) => r.outcome)).toEqual(['SUCCESS', 'FAIL']);
    expect(rows[1]?.actorTokenId).toBe(token.id);
    expect(rows[0]).toMatchObject({
      action: 'SESSION_REVOKED',
      outcome: 'SUCCESS',
      actorUserId: null,
      actorTokenId: token.id,
      orgId: owner.body.org.id,
    });
    // This app allows five requests a minute per token: the rest with a second one.
    const { secret: second } = await createToken(owner, ['sessions:write'], { name: 'second' });
    const more = bearer(t, second);
    const forced = await more.post(`/api/users/${member.body.user.id}/force-logout`).expect(200);
    expect(forced.body.success).toBe(true);
    expect((await more.post(`/api/users/${stranger.body.user.id}/force-logout`)).status).toBe(404);
    expect((await more.post('/api/admin/sessions/cleanup')).status).toBe(200);
  });

  it('keeps bearer tokens off browser routes and cookies off token routes', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['sessions:read', 'sessions:write']);
    expect((await bearer(t, secret).get('/api/auth/me')).status).toBe(403);
    expect((await bearer(t, secret).get('/api/admin/api-tokens')).status).toBe(403);
    const cookie = await owner.agent
      .delete(`/api/admin/sessions/${owner.body.session.id}`)
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf);
    expect(cookie.status).toBe(403);
    // Both at once is refused, not guessed at: the cookie's Origin check applies too.
    const both = await owner.agent
      .get('/api/admin/sessions')
      .set('Authorization', `Bearer ${secret}`);
    expect(both.status).toBe(403);
    // A browser route with a stolen token in a forged request: refused.
    const forged = await post(owner, '/api/admin/api-tokens')
      .set('Authorization', `Bearer ${secret}`)
      .send({ name: 'x', scopes: ['users:read'] });
    expect(forged.status).toBe(403);
  });

  it('refuses made-up, malformed and expired tokens with 401', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['users:read'], { expiresInDays: 30 });
    const made = `${secret.slice(0, -8)}AAAAAAAA`;
    expect((await bearer(t, made).get('/api/admin/users')).body.reason).toBe('invalid_token');
    const empty = await request(t.app).get('/api/admin/users').set('Authorization', 'Bearer');
    expect(empty.status).toBe(401);
    await bearer(t, secret).get('/api/admin/users').expect(200);
    t.clock.advance(30 * DAY_MS);
    const expired = await bearer(t, secret).get('/api/admin/users');
    expect(expired.status).toBe(401);
    expect(expired.body.reason).toBe('token_expired');
  });

  it('is rate-limited per token: 429 with Retry-After, another token unaffected', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['users:read']);
    const { secret: other } = await createToken(owner, ['users:read'], { name: 'other' });
    for (let i = 0; i < 5; i += 1) await bearer(t, secret).get('/api/admin/users').expect(200);
    const limited = await bearer(t, secret).get('/api/admin/users');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await bearer(t, other).get('/api/admin/users').expect(200);
    t.clock.advance(61_000);
    await bearer(t, secret).get('/api/admin/users').expect(200);
  });

  it('shares the limit between instances on one database, through the flushed counts', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['users:read']);
    const other = await createTestApp({
      handle: t.handle,
      config: testConfig({ API_TOKEN_RATE_LIMIT: '5' }),
    });
    try {
      other.clock.set(t.clock.now());
      const here = bearer(t, secret);
      const there = bearer(other, secret);
      // Three here (two of them only counted in memory), one there: the shared count says 2.
      for (let i = 0; i < 3; i += 1) await here.get('/api/admin/users').expect(200);
      await there.get('/api/admin/users').expect(200);
      await t.deps.requestCounter.flush();
      // The fifth is admitted there; the sixth sees the other instance's three and is refused.
      await there.get('/api/admin/users').expect(200);
      const refused = await there.get('/api/admin/users');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await here.get('/api/admin/users')).status).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('records last use (time and address) at most once a minute', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['users:read']);
    await bearer(t, secret).get('/api/admin/users').set('X-Forwarded-For', '203.0.113.7');
    await t.deps.background.drain();
    const [listed] = (await owner.agent.get('/api/admin/api-tokens')).body.tokens;
    expect(listed.lastUsedAt).toBe(t.clock.now().toISOString());
    expect(listed.lastUsedIp).toBe('203.0.113.7');
  });

  it('a revoke on one instance is seen by the other on the next request', async () => {
    const owner = await signUp(t);
    const { secret, token } = await createToken(owner, ['users:read']);
    const other = await createTestApp({ handle: t.handle });
    try {
      other.clock.set(t.clock.now());
      await request(other.app)
        .get('/api/admin/users')
        .set('Authorization', `Bearer ${secret}`)
        .expect(200);
      await owner.agent
        .delete(`/api/admin/api-tokens/${token.id}`)
        .set('Origin', ORIGIN)
        .set('X-CSRF-Token', owner.csrf)
        .expect(204);
      const after = await request(other.app)
        .get('/api/admin/users')
        .set('Authorization', `Bearer ${secret}`);
      expect(after.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
