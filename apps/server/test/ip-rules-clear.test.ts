import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runGatehouse } from '../src/cli/gatehouse.js';
import { auditLogs } from '../src/db/schema/index.js';
import type { CliEnv } from '../src/operator-command.js';
import { mailsTo } from './support/alerts.js';
import { createTestApp, TEST_SECRET, type TestApp } from './support/app.js';
import { namedTestDatabase } from './support/database.js';
import { addRule, get, login, OWNER_IP, stepUp as stepUpRules } from './support/ip-rules.js';
import { type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The command run in this process on the test app's database and clock, its output kept. */
async function gatehouse(app: TestApp, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env: CliEnv = {
    config: () => app.deps.config,
    // The test app keeps its database open: the command's close leaves it be.
    open: async () => ({ ...app.handle, close: async () => undefined }),
    now: () => app.clock.now(),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  const code = await runGatehouse(args, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** An owner who saved an allow rule that leaves their own address out: locked out. */
async function lockedOutOwner(app: TestApp): Promise<SignedInAgent> {
  const owner = await signUp(app);
  await stepUpRules(owner);
  await addRule(owner, {
    action: 'allow',
    cidr: '198.51.100.0/24',
    note: 'old office',
    force: true,
  }).expect(201);
  await addRule(owner, { action: 'deny', cidr: '198.51.100.66' }, '198.51.100.1').expect(201);
  expect((await get(owner, '/api/auth/me')).body.error).toBe('IP_BLOCKED');
  return owner;
}

describe('pnpm gatehouse ip-rules:clear', () => {
  it('lets a locked-out owner back in: every rule gone on every instance, audited in the chain, owners alerted', async () => {
    const owner = await lockedOutOwner(t);
    const other = await signUp(t);
    await stepUpRules(other);
    await addRule(other, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    const res = await gatehouse(t, 'ip-rules:clear', '--org', owner.body.org.slug);
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain(`Cleared 2 IP rule(s) of "Test Org" (${owner.body.org.slug}):`);
    expect(res.out).toContain('  allow 198.51.100.0/24  (old office)');
    // The app's cache heard the NOTIFY: its clock has not moved, so no re-read would drop them.
    await vi.waitFor(async () => expect((await get(owner, '/api/auth/me')).status).toBe(200));
    expect((await get(owner, '/api/security/ip-rules')).body.rules).toEqual([]);
    expect((await get(other, '/api/security/ip-rules')).body.rules).toHaveLength(1);
    const [row] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'IP_RULES_CLEARED')));
    expect(row).toMatchObject({ actorUserId: null, outcome: 'SUCCESS', targetType: 'org' });
    expect(row?.metadata).toEqual({
      by: 'operator',
      cleared: 2,
      rules: [
        { action: 'allow', cidr: '198.51.100.0/24', note: 'old office' },
        { action: 'deny', cidr: '198.51.100.66/32', note: '' },
      ],
    });
    expect((await get(owner, '/api/audit/verify')).body.ok).toBe(true);
    const [mail] = (await mailsTo(t, owner.email)).filter(
      (m) => m.kind === 'alert_ip_rules_changed',
    );
    expect(mail?.text).toContain('An operator cleared all 2 IP rules of your organisation');
  });

  it('says so, and writes nothing, when the org has no rules', async () => {
    const owner = await signUp(t);
    const res = await gatehouse(t, 'ip-rules:clear', '--org', owner.body.org.slug);
    expect(res).toEqual({
      code: 0,
      out: `"Test Org" (${owner.body.org.slug}) has no IP rules: nothing to clear.`,
      err: '',
    });
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'IP_RULES_CLEARED')));
    expect(rows).toEqual([]);
  });

  it('exits non-zero with a clear message for an unknown org or bad usage', async () => {
    const unknown = await gatehouse(t, 'ip-rules:clear', '--org', 'no-such-org');
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toContain('No organisation has the slug "no-such-org"');
    for (const args of [
      ['ip-rules:clear'],
      ['ip-rules:clear', '--org'],
      ['ip-rules:clear', '--org', 'a', 'extra'],
      ['ip-rules:clear', '--slug', 'a'],
    ]) {
      const res = await gatehouse(t, ...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err).toBe('usage: pnpm gatehouse ip-rules:clear --org <slug>');
    }
    for (const args of [[], ['ip-rules:drop']]) {
      const res = await gatehouse(t, ...args);
      expect(res.code).toBe(2);
      expect(res.err).toContain('usage: pnpm gatehouse <command> [options]');
      expect(res.err).toContain('ip-rules:clear --org <slug>');
    }
  });

  it('runs as `pnpm gatehouse` on the app’s own database (PGlite: once the app has let go of it)', async () => {
    const named = await namedTestDatabase();
    let handle = await named.open();
    let app = await createTestApp({ handle });
    const run = () =>
      spawnSync('pnpm', ['--silent', 'gatehouse', 'ip-rules:clear', '--org', slug], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...named.env, APP_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' },
      });
    const owner = await lockedOutOwner(app);
    const slug = owner.body.org.slug;
    try {
      if (named.driver === 'pglite') {
        // PGlite is one process's database: the command will not open it under the app.
        const busy = run();
        expect(busy.status).toBe(1);
        expect(busy.stderr).toMatch(/in use by process \d+ on .+: .*stop that process/);
        await app.close();
        await handle.close();
      }
      const done = run();
      expect(done.stderr).toBe('');
      expect(done.status).toBe(0);
      expect(done.stdout).toContain(`Cleared 2 IP rule(s) of "Test Org" (${slug}):`);
      let back = owner;
      if (named.driver === 'pglite') {
        handle = await named.open();
        app = await createTestApp({ handle });
        // A new app (and agent): the owner signs in from the address the rules kept out.
        const { agent, pending } = login(app, owner.email, OWNER_IP);
        expect((await pending).status).toBe(200);
        back = { ...owner, agent };
      }
      // On Postgres the running app heard the command's NOTIFY and let the session in.
      await vi.waitFor(async () => expect((await get(back, '/api/auth/me')).status).toBe(200));
      expect((await get(back, '/api/audit/verify')).body.ok).toBe(true);
    } finally {
      await app.close();
      await handle.close();
      await named.dispose();
    }
  }, 120_000);
});
