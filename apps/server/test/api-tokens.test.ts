import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLogs } from '../src/db/schema/index.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addMember, post, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;

describe('API tokens: create, list, revoke (owners)', () => {
  it('creates a token behind step-up, shows its secret once and stores only its hash', async () => {
    const owner = await signUp(t);
    const create = () =>
      post(owner, '/api/admin/api-tokens').send({ name: 'Nightly', scopes: ['sessions:read'] });
    const refused = await create();
    expect(refused.status).toBe(428);
    expect(refused.body).toMatchObject({ error: 'STEP_UP_REQUIRED', purpose: 'API_TOKEN_CHANGE' });
    await stepUp(owner, 'API_TOKEN_CHANGE');
    const res = await create().expect(201);
    const { secret, token } = res.body;
    expect(secret).toMatch(/^gh_pat_[A-Za-z0-9_-]{49}$/);
    expect(token).toMatchObject({ name: 'Nightly', scopes: ['sessions:read'], lastUsedAt: null });
    expect(token.lastFour).toBe(secret.slice(-4));
    // Default lifetime: 90 days.
    expect(Date.parse(token.expiresAt) - t.clock.now().getTime()).toBe(90 * DAY_MS);
    const list = await owner.agent.get('/api/admin/api-tokens').expect(200);
    expect(list.body.tokens).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const [row] = await t.deps.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row?.tokenHash.toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
    const audit = await t.deps.db.select().from(auditLogs).where(eq(auditLogs.targetId, token.id));
    expect(audit.map((r) => r.action)).toEqual(['API_TOKEN_CREATED']);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(t.logs()).not.toContain(secret);
  });

  it('allows "never" and refuses bad input with 422', async () => {
    const owner = await signUp(t);
    const { token } = await createToken(owner, ['users:read'], { expiresInDays: null });
    expect(token.expiresAt).toBeNull();
    const bad = (body: object) => post(owner, '/api/admin/api-tokens').send(body);
    expect((await bad({ name: '', scopes: ['users:read'] })).status).toBe(422);
    expect((await bad({ name: 'x', scopes: [] })).status).toBe(422);
    expect((await bad({ name: 'x', scopes: ['root'] })).status).toBe(422);
    expect((await bad({ name: 'x', scopes: ['users:read'], expiresInDays: 0 })).status).toBe(422);
  });

  it('is for owners only: admins and members are refused, another org sees nothing', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    expect((await admin.agent.get('/api/admin/api-tokens')).status).toBe(403);
    const sent = await post(admin, '/api/admin/api-tokens').send({
      name: 'x',
      scopes: ['users:read'],
    });
    expect(sent.status).toBe(403);
    const { token } = await createToken(owner, ['users:read']);
    const stranger = await signUp(t);
    expect((await stranger.agent.get('/api/admin/api-tokens')).body.tokens).toEqual([]);
    await stepUp(stranger, 'API_TOKEN_CHANGE');
    const theirs = await stranger.agent
      .delete(`/api/admin/api-tokens/${token.id}`)
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', stranger.csrf);
    expect(theirs.status).toBe(404);
  });

  it('revokes a token behind step-up: its next request is refused, and the list forgets it', async () => {
    const owner = await signUp(t);
    const { token, secret } = await createToken(owner, ['users:read']);
    await bearer(t, secret).get('/api/admin/users').expect(200);
    const revoke = () =>
      owner.agent
        .delete(`/api/admin/api-tokens/${token.id}`)
        .set('Origin', ORIGIN)
        .set('X-CSRF-Token', owner.csrf);
    t.clock.advance(11 * 60 * 1000); // the create's step-up grant has lapsed
    expect((await revoke()).status).toBe(428);
    await stepUp(owner, 'API_TOKEN_CHANGE');
    expect((await revoke()).status).toBe(204);
    const refused = await bearer(t, secret).get('/api/admin/users');
    expect(refused.status).toBe(401);
    expect(refused.body.reason).toBe('token_revoked');
    expect((await owner.agent.get('/api/admin/api-tokens')).body.tokens).toEqual([]);
    expect((await revoke()).status).toBe(404);
  });
});
