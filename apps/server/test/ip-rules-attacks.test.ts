import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addRule, get, OWNER_IP, stepUp as stepUpRules, write } from './support/ip-rules.js';
import { addMember, patch, post, type SignedInAgent, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function impersonate(admin: SignedInAgent, userId: string) {
  await stepUp(admin, 'IMPERSONATION');
  await post(admin, `/api/impersonate/${userId}`)
    .send({ reason: 'Customer asked for help with their IP rules' })
    .expect(200);
  admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
}

describe('IP rules against an attacker', () => {
  it('refuses rule changes to a support session, even in full mode; it may look', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    await stepUpRules(admin);
    const rule = await addRule(admin, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ impersonationMode: 'full' }).expect(200);
    await impersonate(owner, admin.body.user.id);
    const add = await addRule(owner, { action: 'allow', cidr: '198.51.100.0/24' });
    expect(add.status).toBe(403);
    expect(add.body.error).toBe('IMPERSONATION_READ_ONLY');
    const del = await write(owner, 'delete', `/api/security/ip-rules/${rule.body.rule.id}`);
    expect(del.status).toBe(403);
    await get(owner, '/api/security/ip-rules').expect(200);
    await write(owner, 'post', '/api/security/ip-rules/preview').send({ rules: [] }).expect(200);
  });

  it('refuses a write without the CSRF token, and anything without a session', async () => {
    const owner = await signUp(t);
    await stepUpRules(owner);
    const noCsrf = await owner.agent
      .post('/api/security/ip-rules')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', OWNER_IP)
      .send({ action: 'deny', cidr: '203.0.113.0/24' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toBe('CSRF_FAILED');
    const anonymous = request(t.app);
    expect((await anonymous.get('/api/security/ip-rules')).status).toBe(401);
    const preview = await anonymous
      .post('/api/security/ip-rules/preview')
      .set('Origin', ORIGIN)
      .send({ rules: [] });
    expect(preview.status).toBe(401);
  });

  it('bounds what one request may ask: a huge rule set or unknown fields are 4xx, never 500', async () => {
    const owner = await signUp(t);
    await stepUpRules(owner);
    const rules = Array.from({ length: 5_001 }, () => ({ action: 'deny', cidr: '1.2.3.4' }));
    const huge = await write(owner, 'post', '/api/security/ip-rules/preview').send({ rules });
    expect([413, 422]).toContain(huge.status);
    const extra = await addRule(owner, {
      action: 'deny',
      cidr: '203.0.113.0/24',
      admin: true,
    } as never);
    expect(extra.status).toBe(422);
    const badId = await write(owner, 'delete', '/api/security/ip-rules/not-a-uuid');
    expect([404, 422]).toContain(badId.status);
  });
});
