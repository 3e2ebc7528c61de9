import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { asText } from './support/audit.js';
import { addMember, patch, post, type SignedInAgent, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PATHS = ['/api/audit/export?format=jsonl', '/api/audit/verify', '/api/audit/public-key'];

async function exportedEntries(req: request.Test): Promise<{ orgId?: string }[]> {
  const res = await asText(req);
  expect(res.status).toBe(200);
  await t.deps.background.drain();
  return String(res.body)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('who may export and verify the audit log', () => {
  it('refuses a member without AUDIT_VIEW and anyone signed out', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    for (const path of PATHS) {
      const refused = await member.agent.get(path);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('FORBIDDEN');
      expect((await request(t.app).get(path)).status).toBe(401);
    }
  });

  it('lets an admin read only their own org', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const stranger = await signUp(t);
    const lines = await exportedEntries(stranger.agent.get('/api/audit/export?format=jsonl'));
    const orgIds = new Set(lines.flatMap((l) => (l.orgId ? [l.orgId] : [])));
    expect([...orgIds]).toEqual([stranger.body.org.id]);
    const mine = await exportedEntries(admin.agent.get('/api/audit/export?format=jsonl'));
    expect(mine[0]).toMatchObject({ type: 'header', orgId: owner.body.org.id });
    const verified = await stranger.agent.get('/api/audit/verify').expect(200);
    expect(verified.body.lastCheckpoint.orgId).toBe(stranger.body.org.id);
  });

  it('takes an API token only with the audit:read scope', async () => {
    const owner = await signUp(t);
    const reader = await createToken(owner, ['audit:read']);
    const other = await createToken(owner, ['sessions:read', 'users:read']);
    for (const path of PATHS) {
      const refused = await bearer(t, other.secret).get(path);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        error: 'INSUFFICIENT_SCOPE',
        requiredScope: 'audit:read',
      });
    }
    const lines = await exportedEntries(
      bearer(t, reader.secret).get('/api/audit/export?format=jsonl'),
    );
    const exports = lines.filter((l) => 'action' in l && l.action === 'AUDIT_EXPORTED');
    expect(exports).toMatchObject([
      { outcome: 'SUCCESS', actorUserId: null, actorTokenId: reader.token.id },
    ]);
    // The refused attempts are on the record too, as the other token's scope refusal (one row
    // per window and key, decision 013).
    const refusals = lines.filter((l) => 'action' in l && l.action === 'SCOPE_REFUSED');
    expect(refusals).toMatchObject([
      { outcome: 'FAIL', failureReason: 'INSUFFICIENT_SCOPE', actorTokenId: other.token.id },
    ]);
    await bearer(t, reader.secret).get('/api/audit/verify').expect(200);
    const key = await bearer(t, reader.secret).get('/api/audit/public-key').expect(200);
    expect(key.body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('records an export made while impersonating as the administrator’s', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ impersonationMode: 'full' }).expect(200);
    await stepUp(owner, 'IMPERSONATION');
    await post(owner, `/api/impersonate/${admin.body.user.id}`)
      .send({ reason: 'Checking the audit export for them' })
      .expect(200);
    const lines = await exportedEntries(owner.agent.get('/api/audit/export?format=jsonl'));
    expect(lines.find((l) => 'action' in l && l.action === 'AUDIT_EXPORTED')).toMatchObject({
      actorUserId: admin.body.user.id,
      realUserId: owner.body.user.id,
      isImpersonating: true,
    });
  });

  it('answers bad filters with 422 and other methods with 405', async () => {
    const owner: SignedInAgent = await signUp(t);
    for (const query of ['format=xml', 'action=NOT_AN_ACTION', 'from=yesterday', 'actorUserId=1']) {
      const res = await owner.agent.get(`/api/audit/export?${query}`);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('VALIDATION_FAILED');
    }
    const write = await owner.agent
      .post('/api/audit/export')
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf);
    expect(write.status).toBe(405);
  });
});
