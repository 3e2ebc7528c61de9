// `pnpm test:cluster`: three built API instances behind HAProxy on one fresh Postgres database
// (then again through PgBouncer in transaction mode), a mixed load with a checker that records
// every answer, one instance SIGKILLed midway and restarted later. Exit 0 when nothing was
// wrong, nothing was lost and only the killed instance's in-flight requests failed; the table it
// prints is what README and decision 020 quote.
//
// CLUSTER_SECONDS (load per variant, default 60), CLUSTER_DEBUG=1 (each failed request's socket), CLUSTER_VARIANTS (direct,pgbouncer),
// CLUSTER_ORGS (3), CLUSTER_MEMBERS (5 per org), CLUSTER_BASE_PORT (3400: HAProxy; instances
// +1..+3, SMTP +4, HAProxy stats +5), CLUSTER_PGBOUNCER_PORT (6433), CLUSTER_POSTGRES (the
// server to make databases on). Needs `pnpm build` (the server's dist) and Debian's haproxy and
// pgbouncer.
import { readFileSync } from 'node:fs';
import {
  CHECK_INTER_MS,
  DEMO_PASSWORD,
  FALL,
  freshDatabase,
  haproxyStates,
  instanceEnv,
  PORTS,
  pg,
  RISE,
  requireTools,
  startHaproxy,
  startInstance,
  startPgbouncer,
  startSmtp,
  whenReady,
  workDir,
} from './infra.mjs';
import { Recorder, runLoad, setUp, signIn, World } from './load.mjs';

const SECONDS = Number(process.env.CLUSTER_SECONDS ?? 60);
const VARIANTS = (process.env.CLUSTER_VARIANTS ?? 'direct,pgbouncer').split(',');
const ORGS = Number(process.env.CLUSTER_ORGS ?? 3);
const MEMBERS = Number(process.env.CLUSTER_MEMBERS ?? 5);
const KILLED = 1; // app2
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function until(condition, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Behind a transaction pooler without DATABASE_LISTEN_URL the app must refuse to start. */
async function expectPoolerRefusal(db, smtpUrl) {
  const env = instanceEnv(0, { url: db.url }, smtpUrl);
  const instance = startInstance(0, { ...env, DATABASE_LISTEN_URL: '' });
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 30_000);
  const { code } = await instance.exited;
  clearTimeout(timer);
  const output = readFileSync(instance.log, 'utf8');
  if (code === 0 || !/transaction pooler/.test(output))
    throw new Error(
      `an instance on PgBouncer without DATABASE_LISTEN_URL did not refuse to start (exit ${code}): ${output.slice(0, 500)}`,
    );
  const said = output.split('\n').find((line) => /transaction pooler/.test(line)) ?? '';
  return said.trim();
}

async function runVariant(variant) {
  log(
    `\n== ${variant}: fresh database, ${variant === 'pgbouncer' ? 'PgBouncer (transaction mode), ' : ''}3 instances, HAProxy ==`,
  );
  const database = await freshDatabase();
  const smtp = await startSmtp();
  const started = [];
  const result = { variant, failures: [] };
  try {
    let appDb = { url: database.url };
    if (variant === 'pgbouncer') {
      const bouncer = startPgbouncer(database);
      started.push(bouncer);
      await until(
        async () => {
          try {
            const c = new pg.Client({ connectionString: bouncer.url });
            await c.connect();
            await c.query('select 1');
            await c.end();
            return true;
          } catch {
            return false;
          }
        },
        'PgBouncer',
        10_000,
      );
      result.refusal = await expectPoolerRefusal({ url: bouncer.url }, smtp.url);
      log(`refused without DATABASE_LISTEN_URL: ${result.refusal}`);
      appDb = { url: bouncer.url, listenUrl: database.url };
    }
    // All three at once: migrations and the demo seed must serialize themselves.
    const instances = [0, 1, 2].map((i) => startInstance(i, instanceEnv(i, appDb, smtp.url)));
    started.push(...instances);
    await Promise.all(instances.map((inst, i) => whenReady(inst, PORTS.instances[i])));
    const haproxy = startHaproxy();
    started.push(haproxy);
    await until(
      async () => {
        try {
          const states = await haproxyStates();
          return ['app1', 'app2', 'app3'].every((s) => states[s]?.startsWith('UP'));
        } catch {
          return false;
        }
      },
      'HAProxy to see three instances up',
      15_000,
    );

    const rec = new Recorder();
    const world = new World();
    const orgs = await setUp(rec, world, ORGS, MEMBERS);
    log(`set up ${orgs.length} orgs with ${MEMBERS} members each; load for ${SECONDS} s…`);

    const t0 = performance.now();
    const end = t0 + SECONDS * 1000;
    const kill = { at: null, inFlight: 0, downAt: null, restartAt: null, upAt: null };
    const watch = (async () => {
      let last = 'UP';
      while (performance.now() < end + 2_000) {
        try {
          const state = (await haproxyStates()).app2 ?? '';
          const now = performance.now();
          if (kill.at && !kill.downAt && state.startsWith('DOWN')) kill.downAt = now;
          if (kill.restartAt && !kill.upAt && state.startsWith('UP') && !last.startsWith('UP'))
            kill.upAt = now;
          last = state;
        } catch {
          // stats page busy: next round
        }
        await sleep(20);
      }
    })();
    const chaos = (async () => {
      await sleep(SECONDS * 300);
      kill.inFlight = rec.inFlight;
      kill.at = performance.now();
      instances[KILLED].child.kill('SIGKILL');
      log(
        `SIGKILL app2 at ${fmt((kill.at - t0) / 1000)} s (${kill.inFlight} requests in flight in all)`,
      );
      await instances[KILLED].exited;
      // Until the process is reaped its listening socket still accepts (a loaded machine takes
      // a while to tear it down): requests sent until then reached the dying instance.
      kill.exitedAt = performance.now();
      await sleep(SECONDS * 150);
      kill.restartAt = performance.now();
      const again = startInstance(KILLED, instanceEnv(KILLED, appDb, smtp.url));
      started.push(again);
      await whenReady(again, PORTS.instances[KILLED]);
      kill.readyAt = performance.now();
      log(
        `app2 restarted at ${fmt((kill.restartAt - t0) / 1000)} s, ready after ${fmt(kill.readyAt - kill.restartAt, 0)} ms`,
      );
    })();
    await runLoad(rec, world, orgs, end);
    await chaos;
    await watch;

    // Nothing lost: every queued mail goes out (the dead instance's claims lapse after 5 s).
    const direct = new pg.Client({ connectionString: database.url });
    await direct.connect();
    try {
      await until(
        async () => {
          const { rows } = await direct.query(
            `select count(*)::int as n from outbox_emails where status = 'pending'`,
          );
          return rows[0].n === 0;
        },
        'the outbox to empty',
        45_000,
      );
      await sleep(500);
      // The killed process's last moment, on the sink's clock (Date.now()).
      const killedBy =
        kill.at === null ? null : performance.timeOrigin + (kill.exitedAt ?? kill.at);
      result.mail = await checkMail(direct, smtp.received, smtp.connectionErrors, killedBy);
      result.lost = await checkWrites(direct, world);
      result.chains = await checkChains(rec, world, orgs);
    } finally {
      await direct.end();
    }
    Object.assign(result, analyse(rec, kill, t0));
    result.wrong = rec.wrong;
    const f = result.failures;
    if (rec.wrong.length > 0)
      f.push(`${rec.wrong.length} wrong answers, first: ${JSON.stringify(rec.wrong[0])}`);
    if (result.lost.length > 0) f.push(`lost writes: ${result.lost.slice(0, 5).join('; ')}`);
    if (result.chains.some((c) => !c.ok)) f.push(`audit chains: ${JSON.stringify(result.chains)}`);
    if (result.mail.problems.length > 0) f.push(`mail: ${result.mail.problems.join('; ')}`);
    if (result.errorsOutsideKill.length > 0) {
      const at = (ms) => `${fmt((ms - kill.at) / 1000, 2)} s`;
      const shown = result.errorsOutsideKill
        .slice(0, 5)
        .map(
          (r) =>
            `${r.type} ${r.status || r.error} sent ${at(r.sentAt)} answered ${at(r.answeredAt)} after the kill`,
        );
      f.push(
        `${result.errorsOutsideKill.length} failed requests not in flight at the kill: ${shown.join(', ')}`,
      );
    }
    // A request that failed at the kill was in flight then (or sent while the process was being
    // torn down); round-robin gives app2 about a third of them.
    if (result.killErrors > result.reachedDying)
      f.push(
        `${result.killErrors} requests failed at the kill, more than the ${result.reachedDying} in flight`,
      );
    if (kill.downAt === null) f.push('HAProxy never marked the killed instance down');
    // Until the process has exited its socket accepts and checks hang; from then on each check
    // is refused at once, so FALL of them take at most FALL + 1 intervals (and a little slack).
    else if (kill.downAt - kill.exitedAt > CHECK_INTER_MS * (FALL + 1) + 100)
      f.push(
        `HAProxy took ${fmt(kill.downAt - kill.exitedAt, 0)} ms after the exit to mark it down (checks every ${CHECK_INTER_MS} ms, fall ${FALL})`,
      );
    if (result.servedByDeadAfterDown > 0)
      f.push(`${result.servedByDeadAfterDown} answers from app2 while it was down`);
    if (!result.servedAgain) f.push('the restarted instance served nothing');
    result.kill = kill;
  } finally {
    for (const proc of started.reverse()) await proc.stop();
    await smtp.stop();
    await database.drop().catch(() => undefined);
  }
  return result;
}

/**
 * Every sent row's Message-ID arrived exactly once; nothing pending or given up. The one
 * exception is the kill's: a mail the sink accepted from the killed instance before it died, but
 * that the instance had not yet marked sent, is sent again by another instance once its claim
 * lapses (the outbox delivers at least once; no sender can know the sink's acknowledgement
 * outlived it). Such a mail may arrive twice, the first copy no later than the kill, and is
 * reported on its own.
 */
async function checkMail(db, received, connectionErrors, killedBy) {
  const { rows } = await db.query(`select status, message_id from outbox_emails`);
  const counts = new Map();
  for (const r of received) counts.set(r.messageId, (counts.get(r.messageId) ?? 0) + 1);
  const problems = [];
  const sent = rows.filter((r) => r.status === 'sent');
  const notSent = rows.filter((r) => r.status !== 'sent');
  if (notSent.length > 0)
    problems.push(`${notSent.length} not sent (${notSent.map((r) => r.status).join(',')})`);
  const missing = sent.filter((r) => !counts.has(r.message_id)).length;
  const firstAt = new Map();
  for (const r of received) if (!firstAt.has(r.messageId)) firstAt.set(r.messageId, r.at);
  const repeated = sent.filter((r) => (counts.get(r.message_id) ?? 0) > 1);
  const resentAfterKill = repeated.filter(
    (r) =>
      counts.get(r.message_id) === 2 && killedBy !== null && firstAt.get(r.message_id) <= killedBy,
  ).length;
  const twice = repeated.length - resentAfterKill;
  const known = new Set(rows.map((r) => r.message_id));
  const stray = received.filter((r) => !known.has(r.messageId)).length;
  if (missing > 0) problems.push(`${missing} marked sent but never received`);
  if (twice > 0) problems.push(`${twice} received more than once`);
  if (stray > 0) problems.push(`${stray} received but not in the outbox`);
  return {
    queued: rows.length,
    received: received.length,
    resets: connectionErrors.length,
    resentAfterKill,
    problems,
  };
}

/** Every write that answered 2xx has its row and its audit entry. */
async function checkWrites(db, world) {
  const lost = [];
  const ids = (kind, key) => world.writes.filter((w) => w.kind === kind).map((w) => w[key]);
  const audit = async (action) => {
    const { rows } = await db.query(
      `select target_id, count(*)::int as n from audit_logs where action = $1 and outcome = 'SUCCESS' group by target_id`,
      [action],
    );
    return new Map(rows.map((r) => [r.target_id, r.n]));
  };
  const { rows: sessionRows } = await db.query(`select id::text, revoked_at from sessions`);
  const sessions = new Map(sessionRows.map((r) => [r.id, r]));
  const logins = await audit('LOGIN_SUCCESS');
  const perUser = new Map();
  for (const w of world.writes.filter((x) => x.kind === 'sign-in')) {
    if (!sessions.has(w.sessionId)) lost.push(`session ${w.sessionId} of a 200 sign-in`);
    perUser.set(w.userId, (perUser.get(w.userId) ?? 0) + 1);
  }
  for (const [user, n] of perUser)
    if ((logins.get(user) ?? 0) < n)
      lost.push(`LOGIN_SUCCESS of ${user}: ${logins.get(user) ?? 0} < ${n}`);
  const { rows: userRows } = await db.query(`select id::text from users`);
  const users = new Set(userRows.map((r) => r.id));
  const created = await audit('USER_CREATED');
  for (const id of ids('user', 'userId')) {
    if (!users.has(id)) lost.push(`user ${id}`);
    if (!created.has(id)) lost.push(`USER_CREATED ${id}`);
  }
  const revoked = await audit('SESSION_REVOKED');
  for (const id of ids('revoke', 'sessionId')) {
    if (!sessions.get(id)?.revoked_at) lost.push(`revoke of ${id}`);
    if (!revoked.has(id)) lost.push(`SESSION_REVOKED ${id}`);
  }
  const forced = await audit('FORCE_LOGOUT');
  for (const id of ids('force-logout', 'userId'))
    if (!forced.has(id)) lost.push(`FORCE_LOGOUT ${id}`);
  const { rows: ruleRows } = await db.query(`select id::text from ip_rules`);
  const rules = new Set(ruleRows.map((r) => r.id));
  const ruleCreated = await audit('IP_RULE_CREATED');
  const ruleDeleted = await audit('IP_RULE_DELETED');
  const deleted = new Set(ids('ip-rule-deleted', 'ruleId'));
  for (const id of ids('ip-rule', 'ruleId')) {
    if (!ruleCreated.has(id)) lost.push(`IP_RULE_CREATED ${id}`);
    if (!deleted.has(id) && !rules.has(id)) lost.push(`ip rule ${id}`);
  }
  for (const id of deleted) {
    if (rules.has(id)) lost.push(`deleted ip rule ${id} still there`);
    if (!ruleDeleted.has(id)) lost.push(`IP_RULE_DELETED ${id}`);
  }
  return lost;
}

/** Each org's chain verifies (GET /api/audit/verify, as its owner). */
async function checkChains(rec, world, orgs) {
  const results = [];
  const owners = orgs.map((o) => ({
    name: `org ${o.index}`,
    email: o.owner.email,
    ip: o.owner.ip,
  }));
  owners.push({
    name: 'acme (demo)',
    email: 'owner@acme.test',
    ip: '198.18.250.1',
    password: DEMO_PASSWORD,
  });
  owners.push({
    name: 'globex (demo)',
    email: 'owner@globex.test',
    ip: '198.18.250.2',
    password: DEMO_PASSWORD,
  });
  for (const owner of owners) {
    const session = await signIn(rec, world, owner, owner.ip, owner.password);
    if (!session) {
      results.push({ org: owner.name, ok: false, reason: 'owner could not sign in' });
      continue;
    }
    const r = await rec.request('verify', 'GET', '/api/audit/verify', {
      cookie: session.cookie,
      ip: owner.ip,
    });
    results.push({
      org: owner.name,
      ok: r.status === 200 && r.json?.ok === true,
      checked: r.json?.checked,
      reason: r.json?.reason ?? (r.status === 200 ? null : `HTTP ${r.status}`),
    });
  }
  return results;
}

function analyse(rec, kill, t0) {
  const records = rec.records.filter((r) => r.sentAt >= t0);
  const failed = (r) => r.status === 0 || r.status >= 500;
  const inKill = (r) =>
    kill.at !== null && r.sentAt <= (kill.exitedAt ?? kill.at) && r.answeredAt >= kill.at;
  const reachedDying = records.filter(
    (r) => kill.at !== null && r.sentAt <= (kill.exitedAt ?? kill.at) && r.answeredAt >= kill.at,
  ).length;
  const errors = records.filter(failed);
  const killErrors = errors.filter(inKill).length;
  const errorsOutsideKill = errors.filter((r) => !inKill(r));
  const servedByDeadAfterDown = records.filter(
    (r) =>
      r.servedBy === 'app2' &&
      kill.at !== null &&
      r.sentAt > kill.at &&
      r.sentAt < (kill.restartAt ?? Infinity),
  ).length;
  const servedAgain = records.some(
    (r) => r.servedBy === 'app2' && kill.restartAt !== null && r.sentAt > kill.restartAt,
  );
  const after =
    kill.at === null
      ? []
      : records.filter((r) => r.sentAt >= kill.at && r.sentAt < kill.at + 2_000);
  const latencyAfter = after.map((r) => r.answeredAt - r.sentAt).sort((a, b) => a - b);
  return {
    records,
    errors,
    killErrors,
    reachedDying,
    errorsOutsideKill,
    servedByDeadAfterDown,
    servedAgain,
    latencyAfter,
    seconds: SECONDS,
  };
}

function printTable(result) {
  const { records, kill } = result;
  const byType = new Map();
  for (const r of records) {
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
  }
  const lines = [];
  const out = (line) => lines.push(line);
  out(
    `\n### ${result.variant === 'pgbouncer' ? 'Through PgBouncer (transaction mode), LISTEN on DATABASE_LISTEN_URL' : 'Directly on Postgres'} — ${result.seconds} s, 3 instances behind HAProxy, app2 SIGKILLed and restarted\n`,
  );
  out('| request | count | 2xx | refused (4xx) | failed | p50 ms | p99 ms |');
  out('|---|---:|---:|---:|---:|---:|---:|');
  let total = 0;
  for (const [type, list] of [...byType].sort((a, b) => b[1].length - a[1].length)) {
    total += list.length;
    const ms = list.map((r) => r.answeredAt - r.sentAt).sort((a, b) => a - b);
    const ok = list.filter((r) => r.status >= 200 && r.status < 300).length;
    const refused = list.filter((r) => r.status >= 400 && r.status < 500).length;
    const failed = list.filter((r) => r.status === 0 || r.status >= 500).length;
    out(
      `| ${type} | ${list.length} | ${ok} | ${refused} | ${failed} | ${fmt(percentile(ms, 50))} | ${fmt(percentile(ms, 99))} |`,
    );
  }
  out(`| **all** | **${total}** | | | **${result.errors.length}** | | |`);
  const kinds = new Map();
  for (const r of records.filter((x) => x.status >= 400 || x.status === 0)) {
    const kind = r.status === 0 ? `network: ${r.error}` : `${r.status} ${r.code ?? ''}`.trim();
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  out(
    `\nAnswers other than 2xx, by kind: ${[...kinds].map(([k, n]) => `${k} × ${n}`).join(', ') || 'none'}`,
  );
  out(
    `Wrong answers (old session or address let in after its end was answered): **${result.wrong.length}**`,
  );
  const down =
    kill.downAt === null
      ? 'never'
      : `${fmt(kill.downAt - kill.at, 0)} ms after SIGKILL, ${fmt(kill.downAt - kill.exitedAt, 0)} ms after the exit`;
  const up =
    kill.upAt === null
      ? 'never'
      : `${fmt(kill.upAt - kill.restartAt, 0)} ms after restart (ready after ${fmt(kill.readyAt - kill.restartAt, 0)} ms)`;
  out(
    `Kill: ${result.reachedDying} requests in flight on all instances between SIGKILL and the process's exit ${fmt(kill.exitedAt - kill.at, 0)} ms later; ${result.killErrors} of them failed (those on app2); ${result.errorsOutsideKill.length} failed otherwise; HAProxy marked app2 down after ${down} (checks every ${CHECK_INTER_MS} ms, fall ${FALL}, rise ${RISE}); p99 in the 2 s after the kill ${fmt(percentile(result.latencyAfter, 99))} ms; back up ${up}.`,
  );
  out(
    `Nothing lost: ${result.lost.length === 0 ? 'every 2xx write has its row and audit entry' : `${result.lost.length} missing`}; chains verified: ${result.chains.map((c) => `${c.org} ${c.ok ? `ok (${c.checked})` : `BROKEN ${c.reason}`}`).join(', ')}; mail: ${result.mail.queued} queued, ${result.mail.received} received${result.mail.problems.length ? ` — ${result.mail.problems.join('; ')}` : ', each exactly once'}${result.mail.resets ? ` (${result.mail.resets} SMTP connection(s) cut by the kill)` : ''}${result.mail.resentAfterKill ? ` (${result.mail.resentAfterKill} accepted from the killed instance before it died, unmarked, and sent again by another: twice)` : ''}.`,
  );
  if (result.refusal)
    out(
      `Without DATABASE_LISTEN_URL an instance refused to start: "${result.refusal.slice(0, 220)}…"`,
    );
  out(`Result: ${result.failures.length === 0 ? 'PASS' : `FAIL — ${result.failures.join(' | ')}`}`);
  console.log(lines.join('\n'));
}

async function main() {
  requireTools();
  log(`logs in ${workDir}`);
  const started = Date.now();
  let failed = false;
  for (const variant of VARIANTS) {
    if (variant !== 'direct' && variant !== 'pgbouncer')
      throw new Error(`unknown variant ${variant}`);
    const result = await runVariant(variant);
    printTable(result);
    if (result.failures.length > 0) failed = true;
  }
  console.log(`\n(${fmt((Date.now() - started) / 1000, 0)} s in all; logs in ${workDir})`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(`logs in ${workDir}`);
  process.exit(1);
});
