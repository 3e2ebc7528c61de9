// The cluster's moving parts, each started by the script and stopped at the end: a fresh Postgres
// database, Debian's HAProxy and PgBouncer with generated configs, three built API instances
// (`node apps/server/dist/main.js`) and a real SMTP server (smtp-server, as the tests use).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'apps/server/package.json'));
export const pg = require('pg');
const { SMTPServer } = require('smtp-server');

export const POSTGRES =
  process.env.CLUSTER_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE_PORT = Number(process.env.CLUSTER_BASE_PORT ?? 3400);
export const PORTS = {
  front: BASE_PORT,
  instances: [BASE_PORT + 1, BASE_PORT + 2, BASE_PORT + 3],
  smtp: BASE_PORT + 4,
  stats: BASE_PORT + 5,
  pgbouncer: Number(process.env.CLUSTER_PGBOUNCER_PORT ?? 6433),
};
/** HAProxy health checks: every CHECK_INTER_MS, down after FALL failures, up after RISE passes. */
export const CHECK_INTER_MS = 250;
export const FALL = 2;
export const RISE = 2;

export const workDir = mkdtempSync(path.join(tmpdir(), 'gh-cluster-'));

/** Stops with a message when a tool is missing, saying how to get it. */
export function requireTools() {
  const missing = [];
  for (const [tool, pkg] of [
    ['/usr/sbin/haproxy', 'haproxy'],
    ['/usr/sbin/pgbouncer', 'pgbouncer'],
  ]) {
    const found = existsSync(tool) || spawnSync('which', [path.basename(tool)]).status === 0;
    if (!found) missing.push(pkg);
  }
  if (missing.length > 0) {
    throw new Error(
      `pnpm test:cluster needs ${missing.join(' and ')} (Debian packages): sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  if (!existsSync(path.join(ROOT, 'apps/server/dist/main.js')))
    throw new Error('apps/server/dist/main.js is missing: run `pnpm build` first');
}

function binary(name) {
  const sbin = `/usr/sbin/${name}`;
  return existsSync(sbin) ? sbin : name;
}

async function admin(statement) {
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A database of its own on the Postgres server; `drop()` removes it. */
export async function freshDatabase() {
  const name = `gh_cluster_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/**
 * Every process the script started that is still running: killed when the script exits, however
 * it exits (a crash, process.exit, Ctrl-C), so none is left on the cluster's fixed ports.
 */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

/** A process whose output goes to a log file; `stop()` ends it (SIGTERM, then SIGKILL). */
function startProcess(label, command, args, env = {}) {
  const log = path.join(workDir, `${label}.log`);
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  running.add(child);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    label,
    log,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function startHaproxy() {
  const servers = PORTS.instances
    .map((port, i) => `  server app${i + 1} 127.0.0.1:${port} check`)
    .join('\n');
  const config = `global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  # A slow answer under load is not a dead instance: a killed one refuses the connection at once.
  timeout check 3s
  timeout client 30s
  timeout server 30s
  # A refused connection (a dead instance not yet marked down) is tried again elsewhere.
  retries 2
  option redispatch
  # A fresh server connection per request: a request sent after the kill then meets a refused
  # connection (retried on another instance) rather than a reused one to the dead process.
  http-reuse never
  # …closed after its answer: no idle server connection that Node's 5 s keep-alive timeout could
  # close just as HAProxy sends the next request on it.
  option http-server-close
  option forwardfor
  # Failed requests only (termination state says why), on the script's log of HAProxy.
  log stdout format raw local0
  option httplog
  option dontlog-normal

frontend api
  bind 127.0.0.1:${PORTS.front}
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter ${CHECK_INTER_MS}ms fastinter ${CHECK_INTER_MS}ms downinter ${CHECK_INTER_MS}ms fall ${FALL} rise ${RISE}
  http-response set-header X-Served-By %s
${servers}

listen stats
  bind 127.0.0.1:${PORTS.stats}
  stats enable
  stats uri /stats
`;
  const file = path.join(workDir, 'haproxy.cfg');
  writeFileSync(file, config);
  return startProcess('haproxy', binary('haproxy'), ['-f', file, '-db']);
}

/** Server states as HAProxy sees them (`app1` → `UP`/`DOWN`/…), from its CSV stats page. */
export async function haproxyStates() {
  const res = await fetch(`http://127.0.0.1:${PORTS.stats}/stats;csv`);
  const text = await res.text();
  const states = {};
  for (const line of text.split('\n')) {
    const [proxy, server, ...rest] = line.split(',');
    if (proxy === 'instances' && server?.startsWith('app')) states[server] = rest[15];
  }
  return states;
}

export function startPgbouncer(database) {
  const direct = new URL(database.url);
  const ini = `[databases]
${database.name} = host=${direct.hostname} port=${direct.port || 5432} dbname=${database.name} user=${direct.username || 'postgres'}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${PORTS.pgbouncer}
unix_socket_dir =
auth_type = trust
auth_file = ${path.join(workDir, 'userlist.txt')}
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 30
ignore_startup_parameters = extra_float_digits,application_name
`;
  writeFileSync(path.join(workDir, 'userlist.txt'), `"${direct.username || 'postgres'}" ""\n`);
  const file = path.join(workDir, 'pgbouncer.ini');
  writeFileSync(file, ini);
  // PgBouncer will not run as root: it switches to an unprivileged user, who must read the ini.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(workDir, 0o755);
  const user = asRoot ? (spawnSync('id', ['postgres']).status === 0 ? 'postgres' : 'nobody') : null;
  const proc = startProcess('pgbouncer', binary('pgbouncer'), user ? ['-u', user, file] : [file]);
  const url = new URL(database.url);
  url.port = String(PORTS.pgbouncer);
  return { ...proc, url: url.toString() };
}

/** A real SMTP server that keeps every message's Message-ID. */
export async function startSmtp() {
  const received = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
        const id = /^message-id:\s*(\S+)/im.exec(head.replace(/\r?\n[ \t]+/g, ' '))?.[1];
        received.push({ messageId: id ?? null, at: Date.now() });
        callback();
      });
    },
  });
  // An instance killed mid-conversation resets its connection: the sink counts it and goes on
  // (its mail was not acknowledged, so another instance sends it); unheard, it would end the run.
  const connectionErrors = [];
  server.on('error', (err) => connectionErrors.push(err.code ?? String(err)));
  await new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(PORTS.smtp, '127.0.0.1', resolve);
  });
  return {
    received,
    connectionErrors,
    url: `smtp://127.0.0.1:${PORTS.smtp}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

export const APP_URL = `http://localhost:${PORTS.front}`;
export const DEMO_PASSWORD = 'Cluster-demo-password-7';

export function instanceEnv(index, db, smtpUrl) {
  return {
    NODE_ENV: 'production',
    PORT: String(PORTS.instances[index]),
    APP_URL,
    APP_SECRET: 'cluster-test-secret-0123456789abcdefghij',
    DATABASE_URL: db.url,
    DATABASE_LISTEN_URL: db.listenUrl ?? '',
    SMTP_URL: smtpUrl,
    MAIL_POLL_INTERVAL_MS: '200',
    // A killed instance's claimed mail is due again after this (the script waits for it).
    MAIL_CLAIM_LEASE_MS: '5000',
    SEED_DEMO: '1',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'loopback',
    API_TOKEN_RATE_LIMIT: '1000000',
  };
}

export function startInstance(index, env) {
  return startProcess(
    `app${index + 1}`,
    process.execPath,
    ['--enable-source-maps', 'apps/server/dist/main.js'],
    env,
  );
}

/** Resolves once the instance answers /readyz, or rejects when it exits first. */
export async function whenReady(instance, port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void instance.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${instance.label} exited during start (see ${instance.log})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${instance.label} not ready after ${timeoutMs} ms (see ${instance.log})`);
}
