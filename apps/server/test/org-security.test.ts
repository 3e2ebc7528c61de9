import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { addMember, PASSWORD, patch, post, type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const patchSettings = (who: SignedInAgent, body: unknown) =>
  patch(who, '/api/org/security').send(body as object);

describe('the org MFA policy', () => {
  it('requires MFA for downloads and shares by default; only the owner sees or changes it', async () => {
    const owner = await signUp(t);
    const res = await owner.agent.get('/api/org/security').expect(200);
    expect(res.body).toMatchObject({
      requireMfaForDownloads: true,
      requireMfaForShares: true,
      updatedAt: null,
    });
    for (const role of ['admin', 'member'] as const) {
      const other = await addMember(t, owner, role);
      expect((await other.agent.get('/api/org/security')).status).toBe(403);
      expect((await patchSettings(other, { requireMfaForShares: false })).status).toBe(403);
    }
  });

  it('changes only after step-up, and writes one audit row with before and after', async () => {
    const owner = await signUp(t);
    const refused = await patchSettings(owner, { requireMfaForShares: false });
    expect(refused.status).toBe(428);
    expect(refused.body.purpose).toBe('ORG_SECURITY_CHANGE');
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'ORG_SECURITY_CHANGE', password: PASSWORD })
      .expect(200);
    const res = await patchSettings(owner, { requireMfaForShares: false }).expect(200);
    expect(res.body).toMatchObject({
      requireMfaForDownloads: true,
      requireMfaForShares: false,
      updatedAt: t.clock.now().toISOString(),
      appliesAt: 'next_sign_in',
    });
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'ORG_SECURITY_UPDATED')),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      outcome: 'SUCCESS',
      before: { requireMfaForDownloads: true, requireMfaForShares: true, preset: 'standard' },
      after: { requireMfaForDownloads: true, requireMfaForShares: false, preset: 'standard' },
    });
  });

  it('refuses unknown fields and non-booleans with 422', async () => {
    const owner = await signUp(t);
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'ORG_SECURITY_CHANGE', password: PASSWORD })
      .expect(200);
    expect((await patchSettings(owner, { requireMfaForShares: 'no' })).status).toBe(422);
    expect((await patchSettings(owner, { requireMfaForEverything: true })).status).toBe(422);
  });
});
