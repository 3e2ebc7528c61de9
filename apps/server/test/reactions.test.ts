import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handOver } from '../src/audit/index.js';
import { auditLogs } from '../src/db/schema/index.js';
import { AppError } from '../src/http/errors.js';
import { runJob } from '../src/http/job.js';
import { reaction, reactionToFailure } from '../src/http/reactions.js';
import { defineRoute } from '../src/http/route.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { signUp } from './support/users.js';

/** What a use case hands its reactions and must never write: a one-time link. */
const LINK = handOver<string>('test link');
const SECRET_LINK = 'https://gatehouse.test/reset#not-for-the-log-0123456789';

const seen: { action: string; outcome: string; link: string | undefined }[] = [];

/** A use case that succeeds with USER_ENABLED (any action will do) and hands over a link. */
const succeeds = defineRoute(
  {
    method: 'post',
    path: '/test/reactions/succeed',
    tag: 'test',
    access: 'session',
    summary: 'succeeds, handing a link to its reactions',
    audit: 'USER_ENABLED',
  },
  async ({ audit, auth }) => {
    audit.set({ targetType: 'user', targetId: auth.user.id });
    audit.hand(LINK, SECRET_LINK);
  },
);

/** A use case that fails as USER_ENABLED: its FAIL row is what a failure reaction waits for. */
const fails = defineRoute(
  {
    method: 'post',
    path: '/test/reactions/fail',
    tag: 'test',
    access: 'session',
    summary: 'fails after handing a link over',
    audit: 'USER_ENABLED',
  },
  async ({ audit }) => {
    audit.hand(LINK, SECRET_LINK);
    throw new AppError('CONFLICT', 'refused on purpose');
  },
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    extraRoutes: [succeeds, fails],
    extraReactions: [
      reaction('USER_ENABLED', async (event, ctx) => {
        seen.push({
          action: event.action,
          outcome: event.outcome,
          link: ctx.audit.handedOver(LINK),
        });
        ctx.audit.emit('ALERT_RAISED', {
          targetType: 'user',
          targetId: event.targetId ?? null,
          metadata: { type: 'new_device', severity: 'info' },
        });
      }),
      reactionToFailure('USER_ENABLED', async (event, ctx) => {
        seen.push({
          action: event.action,
          outcome: event.outcome,
          link: ctx.audit.handedOver(LINK),
        });
      }),
    ],
  });
});
afterAll(async () => {
  await t.close();
});

const rowsOf = (orgId: string) =>
  t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId)));

describe('reactions to audit events (decision 019)', () => {
  it('runs a success reaction in the change, hands it what the use case handed over, and appends what it emits after the change’s row', async () => {
    const owner = await signUp(t);
    seen.length = 0;
    const res = await owner.agent
      .post('/api/test/reactions/succeed')
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf);
    expect(res.status).toBe(204);
    expect(seen).toEqual([{ action: 'USER_ENABLED', outcome: 'SUCCESS', link: SECRET_LINK }]);
    const rows = (await rowsOf(owner.body.org.id)).sort((a, b) => Number(a.seq) - Number(b.seq));
    const actions = rows.map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['USER_ENABLED', 'ALERT_RAISED']);
    // What was handed over never reaches a row.
    expect(JSON.stringify(rows)).not.toContain('not-for-the-log');
  });

  it('runs a failure reaction on the FAIL row only, after the rollback, and no success reaction', async () => {
    const owner = await signUp(t);
    seen.length = 0;
    const res = await owner.agent
      .post('/api/test/reactions/fail')
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf);
    expect(res.status).toBe(409);
    expect(seen).toEqual([{ action: 'USER_ENABLED', outcome: 'FAIL', link: SECRET_LINK }]);
    const rows = await rowsOf(owner.body.org.id);
    expect(rows.filter((r) => r.action === 'USER_ENABLED').map((r) => r.outcome)).toEqual(['FAIL']);
    expect(rows.some((r) => r.action === 'ALERT_RAISED')).toBe(false);
  });

  it('runs a job’s reactions in the job’s transaction', async () => {
    const owner = await signUp(t);
    seen.length = 0;
    await runJob(
      t.deps,
      {
        orgId: owner.body.org.id,
        actorUserId: owner.body.user.id,
        ip: null,
        userAgent: null,
      },
      t.clock.now(),
      async (_db, audit) => {
        audit.set({ targetType: 'user', targetId: owner.body.user.id });
        audit.hand(LINK, SECRET_LINK);
        return { result: undefined, action: 'USER_ENABLED' as const };
      },
    );
    expect(seen).toEqual([{ action: 'USER_ENABLED', outcome: 'SUCCESS', link: SECRET_LINK }]);
    const actions = (await rowsOf(owner.body.org.id)).map((r) => r.action);
    expect(actions).toContain('ALERT_RAISED');
  });
});
