import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeLease } from '../src/core/lease.js';
import { auditLogs } from '../src/db/schema/index.js';
import { AUDIT_JOB_LEASE_MS, AUDIT_JOB_RULE } from '../src/features/audit-log/limits.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, type TestApp } from './support/app.js';
import { appendVolume, asText } from './support/audit.js';
import { type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const EXPORT = '/api/audit/export?format=jsonl';

async function exportOnce(who: SignedInAgent): Promise<Response> {
  const res = await asText(who.agent.get(EXPORT));
  await t.deps.background.drain();
  return res;
}

function expectRefused(res: Response, message: RegExp): number {
  expect(res.status).toBe(429);
  const body = typeof res.body === 'string' ? JSON.parse(res.body) : res.body;
  expect(body).toMatchObject({
    error: 'RATE_LIMITED',
    message: expect.stringMatching(message),
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(body.retryAfterSeconds).toBe(retryAfter);
  return retryAfter;
}

/** An export started over a real socket whose reader stops after the first chunk. */
async function pausedExport(port: number, secret: string) {
  const chunks: Buffer[] = [];
  const req = http.get({ port, path: EXPORT, headers: { authorization: `Bearer ${secret}` } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (response) => {
      response.once('data', () => {
        response.pause();
        resolve(response);
      });
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
    });
  });
  return {
    status: res.statusCode,
    /** Reads the rest of the file and resolves with all of it. */
    finish: () =>
      new Promise<string>((resolve) => {
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.resume();
      }),
    /** Hangs up (a test that failed half-way must not leave the stream waiting). */
    abort: () => req.destroy(),
  };
}

describe('one export at a time per org', () => {
  it('refuses a second export while the first streams, on any instance, and takes one after', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    await appendVolume(t, orgId, 6_000);
    const { secret } = await createToken(owner, ['audit:read']);
    const other = await createTestApp({ handle: t.handle });
    const server = t.app.listen(0);
    const first = await pausedExport((server.address() as AddressInfo).port, secret);
    try {
      expect(first.status).toBe(200);
      const running = /An audit export is already running for this organisation/;
      expectRefused(await asText(bearer(t, secret).get(EXPORT)), running);
      expectRefused(await asText(bearer(other, secret).get(EXPORT)), running);
      expectRefused(await asText(owner.agent.get('/api/audit/export?format=csv')), running);
      // Another org's export is not held up by this one (read to its end, not drained: the
      // paused export is a background task too).
      const stranger = await signUp(t);
      expect((await asText(stranger.agent.get(EXPORT))).status).toBe(200);

      const body = await first.finish();
      await t.deps.background.drain();
      expect(body.trimEnd().split('\n').at(-1)).toMatch(/^\{"type":"end","entries":600\d\}$/);
      expect((await exportOnce(owner)).status).toBe(200);
    } finally {
      first.abort();
      server.close();
      await other.close();
    }
    // 6,000 rows appended and streamed on a shared machine.
  }, 90_000);

  it('refuses a verify while another instance verifies, until that one’s lease lapses', async () => {
    const owner = await signUp(t);
    // Another instance in the middle of a verify holds the org's lease (and then crashes).
    const held = await takeLease(
      t.deps.db,
      `audit-verify:org:${owner.body.org.id}`,
      AUDIT_JOB_LEASE_MS,
      t.clock.now(),
    );
    expect(held).toBeDefined();
    const refused = await owner.agent.get('/api/audit/verify');
    expectRefused(refused, /An audit verification is already running for this organisation/);
    t.clock.advance(AUDIT_JOB_LEASE_MS);
    await owner.agent.get('/api/audit/verify').expect(200);
    // A finished verify gives its slot back at once.
    await owner.agent.get('/api/audit/verify').expect(200);
  });
});

describe('a handful of exports and verifies a minute per org', () => {
  it('answers the export past the limit 429 with Retry-After, and records the refusal', async () => {
    const owner = await signUp(t);
    for (let i = 0; i < AUDIT_JOB_RULE.limit; i += 1) {
      expect((await exportOnce(owner)).status).toBe(200);
    }
    const retryAfter = expectRefused(
      await exportOnce(owner),
      /At most 5 audit exports a minute per organisation; try again in \d+ s/,
    );
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The limit is the org's: another org, and the same org's verify, still have theirs.
    expect((await exportOnce(await signUp(t))).status).toBe(200);
    await owner.agent.get('/api/audit/verify').expect(200);
    const [refusal] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'RATE_LIMITED')));
    expect(refusal).toMatchObject({
      outcome: 'FAIL',
      actorUserId: owner.body.user.id,
      metadata: { route: '/audit/export', attempted: 'AUDIT_EXPORTED' },
    });
    t.clock.advance(retryAfter * 1000);
    expect((await exportOnce(owner)).status).toBe(200);
  });

  it('answers the verify past the limit 429 with Retry-After, for a token as for a session', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['audit:read']);
    for (let i = 0; i < AUDIT_JOB_RULE.limit; i += 1) {
      const who =
        i % 2 === 0
          ? owner.agent.get('/api/audit/verify')
          : bearer(t, secret).get('/api/audit/verify');
      expect((await who).status).toBe(200);
    }
    const limit = /At most 5 audit verifications a minute per organisation/;
    expectRefused(await bearer(t, secret).get('/api/audit/verify'), limit);
    const retryAfter = expectRefused(await owner.agent.get('/api/audit/verify'), limit);
    t.clock.advance(retryAfter * 1000);
    await owner.agent.get('/api/audit/verify').expect(200);
  });
});
