import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRowInput, appendAuditRows, verifyOrgChain } from '../src/audit/index.js';
import { auditChainOf } from '../src/http/route-steps.js';
import { createTestApp, type TestApp } from './support/app.js';
import { signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A row whose text needs escaping and whose JSON Postgres writes in another key order. */
function awkwardRow(orgId: string, actorUserId: string, tokenId: string | null): AuditRowInput {
  return {
    orgId,
    action: 'ORG_SECURITY_UPDATED',
    outcome: 'SUCCESS',
    actorUserId,
    realUserId: null,
    actorTokenId: tokenId,
    isImpersonating: false,
    targetType: 'org',
    targetId: 'quote " backslash \\ slash / tab \t',
    ip: '2001:db8::1',
    userAgent: `new\nline \r\b\f ${String.fromCharCode(1, 31, 127, 0x2028)} é 😀 </script>`,
    country: null,
    city: 'Zürich',
    failureReason: null,
    before: { zeta: 1, alpha: [3, { b: 'x', a: null }], 'a key': 1.5, émoji: '😀' },
    after: null,
    metadata: { nested: { z: true, y: false, x: 'line\nbreak' }, a: -0.25, big: 12345678901234 },
  };
}

describe('the verify walk reads entries written by Postgres (decision 026)', () => {
  it('verifies rows whose text, unicode and nested JSON need escaping and re-ordering', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    const userId: string = owner.body.user.id;
    await t.deps.db.transaction((db) =>
      appendAuditRows(
        db,
        [awkwardRow(orgId, userId, null), awkwardRow(orgId, userId, randomUUID())],
        new Date(),
        auditChainOf(t.deps),
      ),
    );
    const report = await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId);
    expect(report).toMatchObject({ ok: true, brokenAt: null, reason: null });
    expect(report.checked).toBeGreaterThanOrEqual(3);
  });

  it('still finds a change to one character of an escaped field', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    await t.deps.db.transaction((db) =>
      appendAuditRows(
        db,
        [awkwardRow(orgId, owner.body.user.id, null)],
        new Date(),
        auditChainOf(t.deps),
      ),
    );
    await t.deps.db.execute(
      sql`update audit_logs set user_agent = replace(user_agent, 'é', 'e') where org_id = ${orgId} and action = 'ORG_SECURITY_UPDATED'`,
    );
    const report = await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId);
    expect(report).toMatchObject({ ok: false, reason: 'entry altered' });
  });
});
