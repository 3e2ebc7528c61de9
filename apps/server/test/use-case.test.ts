import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLogs, sessions } from '../src/db/schema/index.js';
import { defineRoute } from '../src/http/route.js';
import { createTestApp, type TestApp } from './support/app.js';
import { PASSWORD, post, signIn, signUp, stepUp } from './support/users.js';

const broken = defineRoute(
  {
    method: 'get',
    path: '/test/broken-contract',
    tag: 'test',
    access: 'public',
    summary: 'answers something its schema does not allow',
    response: z.object({ ok: z.literal(true) }),
  },
  // A handler that lies about its type, as a bug would: the contract check must catch it.
  async () => JSON.parse('{"ok":"yes"}'),
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ extraRoutes: [broken] });
});
afterAll(async () => {
  await t.close();
});

/** Makes every insert into audit_logs fail, as a full disk or a lost table would. */
async function failAuditInserts(on: boolean) {
  if (!on) {
    await t.deps.db.execute(sql`drop trigger if exists gh_test_audit_down on audit_logs`);
    return;
  }
  await t.deps.db.execute(
    sql`create or replace function gh_test_audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit storage is down'; end $$`,
  );
  await t.deps.db.execute(
    sql`create trigger gh_test_audit_down before insert on audit_logs for each row execute function gh_test_audit_down()`,
  );
}

describe('a route is one use case', () => {
  it('rolls back the change when its audit row cannot be written: a 5xx, the session still live, no orphan row', async () => {
    const owner = await signUp(t);
    const phone = await signIn(t, owner.email);
    await stepUp(owner, 'REVOKE_SESSION');
    const before = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id));
    await failAuditInserts(true);
    t.expectUnhandledErrors(1);
    try {
      const res = await post(owner, `/api/security/sessions/${phone.body.session.id}/revoke`);
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      await failAuditInserts(false);
    }
    const [row] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, phone.body.session.id));
    expect(row?.revokedAt).toBeNull();
    expect((await phone.agent.get('/api/auth/me')).status).toBe(200);
    const after = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id));
    expect(after).toHaveLength(before.length);
    // The failed statement's parameters (the audit row, with the user's email) are not logged.
    expect(t.logs()).toContain('audit storage is down');
    expect(t.logs()).not.toContain(owner.email);
    expect(t.logs()).not.toContain('params:');
  });

  it('fails a response that breaks its route’s schema (under test), as a 500', async () => {
    t.expectUnhandledErrors(1);
    const res = await request(t.app).get('/api/test/broken-contract');
    expect(res.status).toBe(500);
    expect(t.logs()).toContain('breaks its schema');
  });

  it('finds the target before asking for step-up: a missing session is 404, not 428', async () => {
    const owner = await signUp(t);
    const res = await post(
      owner,
      '/api/security/sessions/00000000-0000-4000-8000-000000000000/revoke',
    );
    expect(res.status).toBe(404);
    const stranger = await signUp(t);
    const doc = await post(owner, '/api/documents').send({
      name: 'a.txt',
      mime: 'text/plain',
      contentBase64: Buffer.from('x').toString('base64'),
    });
    const foreign = await stranger.agent.get(`/api/storage/download-url/${doc.body.document.id}`);
    expect(foreign.status).toBe(404);
  });

  it('shows each route’s step-up purpose in OpenAPI', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    const revoke = res.body.paths['/api/security/sessions/{id}/revoke'].post;
    expect(revoke['x-step-up']).toBe('REVOKE_SESSION');
    expect(revoke.responses['428']).toBeDefined();
    expect(res.body.paths['/api/security/mfa/totp/setup'].post['x-step-up']).toBe('MFA_CHANGE');
    expect(res.body.paths['/api/auth/me'].get['x-step-up']).toBeUndefined();
  });

  it('shows the admin tools with their permission and step-up purpose', async () => {
    const { body } = await request(t.app).get('/api/openapi.json');
    const expected: [string, string, string, string | undefined][] = [
      ['/api/admin/sessions', 'get', 'SETTINGS_SECURITY_VIEW', undefined],
      ['/api/admin/sessions/revoke', 'post', 'SETTINGS_SECURITY_EDIT', 'ORG_SESSIONS_REVOKE'],
      ['/api/users/{id}/force-logout', 'post', 'SETTINGS_SECURITY_EDIT', 'FORCE_LOGOUT'],
      ['/api/impersonate/{userId}', 'post', 'IMPERSONATE', 'IMPERSONATION'],
    ];
    for (const [path, method, permission, stepUp] of expected) {
      const operation = body.paths[path][method];
      expect(operation['x-permission'], path).toBe(permission);
      expect(operation['x-step-up'], path).toBe(stepUp);
    }
    expect(body.paths['/api/impersonate/exit'].post).toBeDefined();
  });

  it('commits follow-on audit rows with the change they describe', async () => {
    const owner = await signUp(t);
    await post(owner, '/api/auth/logout').expect(204);
    for (let i = 0; i < 5; i += 1) await signIn(t, owner.email);
    await signIn(t, owner.email, PASSWORD);
    const evicted = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'SESSION_EVICTED')));
    expect(evicted).toHaveLength(1);
  });
});
