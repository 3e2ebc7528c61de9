// `node scripts/check-production-tree.mjs` (CI, after `pnpm build`): lays out the production tree
// (scripts/production-tree.mjs, as the Dockerfile does) in a scratch directory and runs it the way
// the image does: plain `node` (this one), NODE_ENV=production, production dependencies only, no
// TypeScript loader. The server answers /readyz and the SPA and stops on SIGTERM; every compiled
// command in dist/cli/ runs and does its job on an in-memory PGlite. A command in dist/cli/
// without a check below fails the run, so a new one cannot ship unproved.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assembleProductionTree } from './production-tree.mjs';

const SECRET = 'check-production-tree-placeholder-secret-0123456789';
/** Only what a container has: no DATABASE_URL from CI, no pnpm/INIT_CWD variables. */
const ENV = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  APP_SECRET: SECRET,
  PGLITE_DIR: 'memory://',
  LOG_LEVEL: 'warn',
};
/** Development tools that must not reach production's node_modules. */
const DEV_ONLY = /^(tsx|typescript|vitest|tsup|drizzle-kit|@biomejs\+biome)@/;

/** Per compiled command (dist/cli/<file>): runs with their expected exit code and first line. */
const CLI_CHECKS = {
  'audit-verify.js': [
    { args: [], code: 2, stdout: /^usage: pnpm audit:verify / },
    {
      args: ['empty.jsonl', '--public-key', 'key.pem'],
      code: 1,
      stdout: /^BROKEN at seq 1: no header line$/,
    },
  ],
  'audit-migrate.js': [
    { args: ['--org', 'not-an-id'], code: 2, stdout: /^usage: pnpm audit:migrate / },
    { args: ['--dry-run'], code: 0, stdout: /^No unkeyed audit chain: nothing to re-key\.$/ },
  ],
  'rotate-secrets.js': [
    { args: [], code: 1, stderr: /^Set APP_SECRET_PREVIOUS / },
    {
      args: [],
      env: { APP_SECRET_PREVIOUS: `${SECRET}-previous` },
      code: 0,
      stdout: /^Re-sealed the TOTP keys of 0 user\(s\) under the new APP_SECRET\.$/,
    },
  ],
  'gatehouse.js': [
    { args: ['--help'], code: 2, stderr: /^usage: pnpm gatehouse <command> / },
    {
      args: ['ip-rules:clear', '--org', 'absent'],
      code: 1,
      stderr: /^No organisation has the slug "absent"/,
    },
  ],
};

const failures = [];
function expect(ok, label, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
  if (!ok) failures.push(`${label}${detail ? `\n${detail}` : ''}`);
}

function checkDependencies(server) {
  const installed = readdirSync(path.join(server, 'node_modules/.pnpm'));
  const devOnly = installed.filter((name) => DEV_ONLY.test(name));
  expect(devOnly.length === 0, 'production node_modules has no development tools', devOnly.join());
}

function checkCommands(server) {
  const dir = path.join(server, 'dist/cli');
  const built = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')) : [];
  const unchecked = built.filter((file) => !(file in CLI_CHECKS));
  const missing = Object.keys(CLI_CHECKS).filter((file) => !built.includes(file));
  expect(unchecked.length === 0, 'every command in dist/cli/ has a check', unchecked.join());
  expect(missing.length === 0, 'every checked command is built into dist/cli/', missing.join());
  const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
  writeFileSync(path.join(server, 'key.pem'), key);
  writeFileSync(path.join(server, 'empty.jsonl'), '');
  for (const file of built.filter((f) => f in CLI_CHECKS)) {
    for (const run of CLI_CHECKS[file]) {
      const res = spawnSync(process.execPath, [`dist/cli/${file}`, ...run.args], {
        cwd: server,
        env: { ...ENV, ...run.env },
        encoding: 'utf8',
        timeout: 120_000,
      });
      const [stream, pattern] = run.stdout ? ['stdout', run.stdout] : ['stderr', run.stderr];
      const ok = res.status === run.code && pattern.test(res[stream].trim());
      const vars = Object.keys(run.env ?? {}).map((name) => `${name}=…`);
      const label = `${[...vars, 'node', `dist/cli/${file}`, ...run.args].join(' ')} → exit ${run.code}`;
      expect(ok, label, `exit ${res.status}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`);
    }
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function statusOf(url) {
  try {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type') ?? '' };
  } catch {
    return { status: 0, type: '' };
  }
}

async function checkServer(server) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: server,
    env: { ...ENV, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let ready = false;
  // A loaded CI machine opens PGlite and applies the migrations slowly: up to a minute.
  for (let i = 0; i < 120 && child.exitCode === null && !ready; i++) {
    ready = (await statusOf(`${base}/readyz`)).status === 200;
    if (!ready) await sleep(500);
  }
  expect(ready, 'node dist/main.js answers /readyz with 200');
  const spa = await statusOf(`${base}/`);
  expect(spa.status === 200 && spa.type.startsWith('text/html'), 'it serves the SPA at /');
  child.kill('SIGTERM');
  expect((await exited) === 0, 'it stops with exit 0 on SIGTERM');
}

const scratch = mkdtempSync(path.join(tmpdir(), 'gatehouse-production-'));
try {
  console.log(`Node ${process.version}: the production tree in ${scratch}`);
  // Laid out in one place and run from another, as the image's `COPY --from=build /out /app`.
  assembleProductionTree(path.join(scratch, 'out'));
  renameSync(path.join(scratch, 'out'), path.join(scratch, 'app'));
  const server = path.join(scratch, 'app/apps/server');
  checkDependencies(server);
  checkCommands(server);
  await checkServer(server);
} catch (err) {
  failures.push(err instanceof Error ? err.message : String(err));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed:\n${failures.join('\n\n')}`);
  process.exit(1);
}
