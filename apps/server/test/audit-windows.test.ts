import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRowInput, appendAuditRows } from '../src/audit/chain.js';
import { REFUSAL_WINDOW_MS, summariseEndedWindows } from '../src/audit/windows.js';
import { auditLogs, auditWindows, orglessAuditEvents } from '../src/db/schema/index.js';
import { auditChainOf } from '../src/http/route-steps.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { PASSWORD, post, randomAddress, signUp, uniqueEmail } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const FLOOD = 200;

const login = (email: string, password: string, ip: string) =>
  request(t.app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .send({ email, password });

/** Moves the clock to one second into the next aligned refusal window. */
function toNextWindow() {
  const now = t.clock.now().getTime();
  const next = (Math.floor(now / REFUSAL_WINDOW_MS) + 1) * REFUSAL_WINDOW_MS;
  t.clock.advance(next - now + 1000);
}

describe('throttled requests are recorded once per window, with their count', () => {
  it('200 refused step-ups add one row; the sweep adds one summary with the count', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    for (let i = 0; i < 5; i += 1) {
      await post(owner, '/api/security/stepup/verify')
        .send({ purpose: 'REVOKE_SESSION', password: `wrong-${i}` })
        .expect(400);
    }
    const rowsBefore = await t.deps.db.select().from(auditLogs).where(eq(auditLogs.orgId, orgId));
    for (let i = 0; i < FLOOD; i += 1) {
      await post(owner, '/api/security/stepup/verify')
        .send({ purpose: 'REVOKE_SESSION', password: PASSWORD })
        .expect(429);
    }
    const rowsAfter = await t.deps.db.select().from(auditLogs).where(eq(auditLogs.orgId, orgId));
    const added = rowsAfter.slice(rowsBefore.length);
    expect(added).toMatchObject([
      {
        action: 'RATE_LIMITED',
        outcome: 'FAIL',
        failureReason: 'RATE_LIMITED',
        actorUserId: owner.body.user.id,
        metadata: {
          route: '/security/stepup/verify',
          attempted: 'STEP_UP_VERIFIED',
          window: { count: 1, summary: false },
        },
      },
    ]);
    // The rest were counted, not written; no FAIL row of the step-up itself either.
    expect(added.filter((r) => r.action === 'STEP_UP_VERIFIED')).toEqual([]);

    t.clock.advance(REFUSAL_WINDOW_MS);
    // The sweeper writes the summaries of ended windows.
    await summariseEndedWindows(t.deps.db, t.clock.now(), auditChainOf(t.deps));
    const summary = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, 'RATE_LIMITED')))
      .orderBy(auditLogs.seq);
    expect(summary).toHaveLength(2);
    expect(summary[1]).toMatchObject({
      actorUserId: owner.body.user.id,
      metadata: { window: { count: FLOOD, summary: true } },
    });
    expect(await t.deps.db.select().from(auditWindows)).toEqual([]);
  });

  it('a flood of throttled sign-ins gives one row per window, and the next window’s first refusal writes the summary', async () => {
    const owner = await signUp(t);
    const ip = randomAddress();
    toNextWindow();
    for (let i = 0; i < 10; i += 1) await login(owner.email, 'wrong-password!', ip).expect(401);
    for (let i = 0; i < FLOOD / 2; i += 1) await login(owner.email, PASSWORD, ip).expect(429);
    // Still locked (the lock began a second into the window), but a new audit window.
    t.clock.advance(REFUSAL_WINDOW_MS - 1000);
    for (let i = 0; i < FLOOD / 2; i += 1) await login(owner.email, PASSWORD, ip).expect(429);
    const rows = await t.deps.db
      .select()
      .from(orglessAuditEvents)
      .where(and(eq(orglessAuditEvents.ip, ip), eq(orglessAuditEvents.action, 'RATE_LIMITED')))
      .orderBy(orglessAuditEvents.at);
    expect(rows.map((r) => r.metadata)).toMatchObject([
      { attempted: 'LOGIN_FAILURE', window: { count: 1, summary: false } },
      { attempted: 'LOGIN_FAILURE', window: { count: FLOOD / 2, summary: true } },
      { attempted: 'LOGIN_FAILURE', window: { count: 1, summary: false } },
    ]);
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });
});

function unknownEmailFailure(email: string): AuditRowInput {
  return {
    orgId: null,
    action: 'LOGIN_FAILURE',
    outcome: 'FAIL',
    actorUserId: null,
    realUserId: null,
    isImpersonating: false,
    targetType: null,
    targetId: null,
    ip: '192.0.2.1',
    userAgent: null,
    country: null,
    city: null,
    failureReason: 'INVALID_CREDENTIALS',
    before: null,
    after: null,
    metadata: { email },
  };
}

describe('failed sign-ins for unknown emails', () => {
  it('are kept (in the org-less table) and take no advisory lock', async () => {
    const email = uniqueEmail('nobody');
    const locks = await t.deps.db.transaction(async (tx) => {
      await appendAuditRows(tx, [unknownEmailFailure(email)], t.clock.now(), auditChainOf(t.deps));
      const held = await tx.execute(
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`,
      );
      return JSON.stringify(held);
    });
    // Both drivers answer with `rows`: [{ n: 0 }].
    expect(locks).toContain('"rows":[{"n":0}]');
    await login(uniqueEmail('nobody'), PASSWORD, '192.0.2.2').expect(401);
    const kept = await t.deps.db
      .select()
      .from(orglessAuditEvents)
      .where(eq(orglessAuditEvents.action, 'LOGIN_FAILURE'));
    expect(kept.map((r) => r.metadata)).toEqual(
      expect.arrayContaining([{ email }, expect.objectContaining({ email: expect.any(String) })]),
    );
    expect(kept.length).toBeGreaterThanOrEqual(2);
  });

  // PGlite has one connection, so only a server can show two transactions side by side.
  it.runIf(process.env.GH_TEST_DB === 'postgres')(
    'do not wait for one another: an open transaction holding one does not block another',
    async () => {
      let answered = 0;
      await t.deps.db.transaction(async (tx) => {
        await appendAuditRows(
          tx,
          [unknownEmailFailure(uniqueEmail('first'))],
          t.clock.now(),
          auditChainOf(t.deps),
        );
        // With one lock for every org-less row this request would wait for our commit: forever.
        const other = login(uniqueEmail('second'), PASSWORD, '192.0.2.3').then((r) => r.status);
        const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000));
        answered = await Promise.race([other, timeout]);
      });
      expect(answered).toBe(401);
    },
  );
});
