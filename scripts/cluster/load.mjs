// The mixed load and its checker. Every answer is recorded (type, send and answer times, status,
// which instance served it). A request is WRONG when it was sent after a revoke, a force logout
// or an IP deny rule had been answered and an instance still let the old session or address in.
import { randomBytes } from 'node:crypto';
import { APP_URL, PORTS } from './infra.mjs';

const FRONT = `http://127.0.0.1:${PORTS.front}`;
export const PASSWORD = 'Cluster-load-password-9!';

export class Recorder {
  records = [];
  wrong = [];
  inFlight = 0;
  /** Requests in flight per instance, known only once answered: kept as [sentAt, answeredAt]. */
  async request(type, method, urlPath, { cookie, csrf, bearer, ip, body } = {}) {
    const headers = { 'User-Agent': 'gatehouse-cluster-test/1' };
    if (cookie) headers.Cookie = `gh_session=${cookie}`;
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (ip) headers['X-Forwarded-For'] = ip;
    if (method !== 'GET') headers.Origin = APP_URL;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const sentAt = performance.now();
    this.inFlight += 1;
    let status = 0;
    let json;
    let servedBy = null;
    let setCookie = null;
    let error = null;
    try {
      const res = await fetch(`${FRONT}${urlPath}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      servedBy = res.headers.get('x-served-by');
      setCookie = res.headers.get('set-cookie');
      const text = await res.text();
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
    } catch (err) {
      error = err instanceof Error ? (err.cause?.code ?? err.name) : String(err);
      if (process.env.CLUSTER_DEBUG)
        process.stderr.write(
          `${type} ${method} ${urlPath}: ${err?.cause?.message} ${JSON.stringify(err?.cause?.socket ?? {})}\n`,
        );
    } finally {
      this.inFlight -= 1;
    }
    const answeredAt = performance.now();
    const record = { type, status, servedBy, sentAt, answeredAt, error, code: json?.error };
    this.records.push(record);
    return { ...record, json, setCookie };
  }

  markWrong(what, record) {
    this.wrong.push({ what, ...record });
  }
}

function cookieOf(setCookie) {
  return /gh_session=([^;]+)/.exec(setCookie ?? '')?.[1] ?? null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (min, max) => sleep(min + Math.random() * (max - min));

/** What the checker knows: sessions, when each was ended, and each org's blocked address. */
export class World {
  sessions = new Map();
  blocks = new Map();
  writes = [];

  signedIn(session) {
    this.sessions.set(session.id, { ...session, deadSince: null });
  }
  /** Everything answered before `sentAt` about this user is over from `answeredAt`. */
  userEnded(userId, sentAt, answeredAt) {
    for (const s of this.sessions.values())
      if (s.userId === userId && s.answeredAt < sentAt && s.deadSince === null)
        s.deadSince = answeredAt;
  }
  sessionEnded(id, answeredAt) {
    const s = this.sessions.get(id);
    if (s && s.deadSince === null) s.deadSince = answeredAt;
  }
  /** Whether an answer that let `sessionId` in (from `ip`) is wrong. */
  check(recorder, record, sessionId, orgId, ip) {
    if (record.status < 200 || record.status >= 300) return;
    const s = this.sessions.get(sessionId);
    if (s?.deadSince != null && record.sentAt > s.deadSince)
      recorder.markWrong(`session ${sessionId} let in after its end was answered`, record);
    // Wrong only when the whole request came after the rule's answer and before its lift was
    // sent: a request still in flight when the lift was sent may be answered either way.
    const block = this.blocks.get(orgId);
    if (
      block &&
      ip === block.ip &&
      block.since !== null &&
      record.sentAt > block.since &&
      (block.liftSent === null || record.answeredAt < block.liftSent)
    )
      recorder.markWrong(`address ${ip} let in after the deny rule was answered`, record);
  }
}

export async function signIn(rec, world, user, ip, password = PASSWORD) {
  const r = await rec.request('sign-in', 'POST', '/api/auth/login', {
    ip,
    body: { email: user.email, password },
  });
  if (r.status !== 200 || !r.json?.session) return null;
  const session = {
    id: r.json.session.id,
    userId: r.json.user.id,
    orgId: r.json.org.id,
    cookie: cookieOf(r.setCookie),
    csrf: r.json.csrfToken,
    answeredAt: r.answeredAt,
  };
  world.signedIn(session);
  world.writes.push({ kind: 'sign-in', sessionId: session.id, userId: session.userId });
  return session;
}

async function me(rec, world, session, ip) {
  const r = await rec.request('me', 'GET', '/api/auth/me', { cookie: session.cookie, ip });
  world.check(rec, r, session.id, session.orgId, ip);
  return r;
}

async function stepUp(rec, session, purpose, ip) {
  const r = await rec.request('step-up', 'POST', '/api/security/stepup/verify', {
    cookie: session.cookie,
    csrf: session.csrf,
    ip,
    body: { purpose, password: PASSWORD },
  });
  return r.status === 200;
}

/** Sets up orgs through the API: an owner each (sign-up), members, an API token. */
export async function setUp(rec, world, orgCount, membersPerOrg) {
  const orgs = [];
  for (let o = 0; o < orgCount; o += 1) {
    const ownerIp = `198.18.${o}.1`;
    const owner = { email: `owner-${o}-${randomBytes(3).toString('hex')}@cluster.test` };
    const r = await rec.request('sign-up', 'POST', '/api/auth/signup', {
      ip: ownerIp,
      body: {
        orgName: `Cluster org ${o}`,
        name: `Owner ${o}`,
        email: owner.email,
        password: PASSWORD,
      },
    });
    if (r.status !== 201) throw new Error(`sign-up failed: ${r.status} ${JSON.stringify(r.json)}`);
    const session = await signIn(rec, world, owner, ownerIp);
    if (!session) throw new Error('owner sign-in failed');
    const members = [];
    for (let m = 0; m < membersPerOrg; m += 1) {
      const email = `member-${o}-${m}-${randomBytes(3).toString('hex')}@cluster.test`;
      const c = await rec.request('audited write', 'POST', '/api/admin/users', {
        cookie: session.cookie,
        csrf: session.csrf,
        ip: ownerIp,
        body: { email, name: `Member ${o}.${m}`, role: 'member', password: PASSWORD },
      });
      if (c.status !== 201)
        throw new Error(`create user failed: ${c.status} ${JSON.stringify(c.json)}`);
      world.writes.push({ kind: 'user', userId: c.json.user.id, orgId: session.orgId });
      members.push({ email, id: c.json.user.id, ip: `198.18.${o}.${10 + m}` });
    }
    if (!(await stepUp(rec, session, 'API_TOKEN_CHANGE', ownerIp)))
      throw new Error('step-up failed');
    const t = await rec.request('audited write', 'POST', '/api/admin/api-tokens', {
      cookie: session.cookie,
      csrf: session.csrf,
      ip: ownerIp,
      body: { name: 'cluster load', scopes: ['users:read', 'sessions:read'], expiresInDays: 1 },
    });
    if (t.status !== 201) throw new Error(`token failed: ${t.status} ${JSON.stringify(t.json)}`);
    world.blocks.set(session.orgId, { ip: `203.0.113.${o + 1}`, since: null, liftSent: null });
    orgs.push({
      index: o,
      id: session.orgId,
      owner: { ...owner, ip: ownerIp, session },
      members,
      token: t.json.secret ?? t.json.token?.secret,
    });
  }
  return orgs;
}

/** A member: signs in, asks `me`, now and then revokes a second session of its own. */
async function memberLoop(rec, world, member, until) {
  let session = null;
  while (performance.now() < until) {
    if (!session) {
      session = await signIn(rec, world, member, member.ip);
      if (!session) {
        await jitter(50, 150);
        continue;
      }
    }
    for (let i = 0; i < 15 && performance.now() < until; i += 1) {
      const r = await me(rec, world, session, member.ip);
      if (r.status === 401) {
        session = null;
        break;
      }
      await jitter(5, 25);
    }
    if (!session || performance.now() >= until) continue;
    if (Math.random() < 0.5) {
      // A second session, revoked from the first: then nobody may get in with it.
      const second = await signIn(rec, world, member, member.ip);
      if (second && (await stepUp(rec, session, 'REVOKE_SESSION', member.ip))) {
        const r = await rec.request(
          'revoke',
          'POST',
          `/api/security/sessions/${second.id}/revoke`,
          {
            cookie: session.cookie,
            csrf: session.csrf,
            ip: member.ip,
          },
        );
        if (r.status === 200) {
          world.sessionEnded(second.id, r.answeredAt);
          world.writes.push({ kind: 'revoke', sessionId: second.id });
        }
        for (let i = 0; i < 4; i += 1) await me(rec, world, second, member.ip);
      }
    }
    if (Math.random() < 0.3) {
      const r = await rec.request('sign-out', 'POST', '/api/auth/logout', {
        cookie: session.cookie,
        csrf: session.csrf,
        ip: member.ip,
      });
      if (r.status >= 200 && r.status < 300) world.sessionEnded(session.id, r.answeredAt);
      session = null;
    }
  }
}

/** Asks `me` from the org's to-be-blocked address, as fast as it is answered. */
async function proberLoop(rec, world, org, member, until) {
  const block = world.blocks.get(org.id);
  let session = null;
  while (performance.now() < until) {
    session ??= await signIn(rec, world, member, member.ip);
    if (!session) {
      await jitter(50, 150);
      continue;
    }
    const r = await me(rec, world, session, block.ip);
    if (r.status === 401) session = null;
    await jitter(2, 10);
  }
}

/** The owner: audited writes, force logouts, IP rule changes, each after a step-up. */
async function ownerLoop(rec, world, org, until) {
  const { session, ip } = org.owner;
  const block = world.blocks.get(org.id);
  let n = 0;
  while (performance.now() < until) {
    n += 1;
    const email = `added-${org.index}-${n}-${randomBytes(3).toString('hex')}@cluster.test`;
    const c = await rec.request('audited write', 'POST', '/api/admin/users', {
      cookie: session.cookie,
      csrf: session.csrf,
      ip,
      body: { email, name: `Added ${n}`, role: 'member', password: PASSWORD },
    });
    world.check(rec, c, session.id, org.id, ip);
    if (c.status === 201)
      world.writes.push({ kind: 'user', userId: c.json.user.id, orgId: org.id });
    await jitter(20, 60);
    if (n % 3 === 0) {
      // Force logout of a member (never the prober, member 0): every session it had is over.
      const target = org.members[1 + (n % (org.members.length - 1))];
      if (await stepUp(rec, session, 'FORCE_LOGOUT', ip)) {
        const r = await rec.request(
          'force logout',
          'POST',
          `/api/users/${target.id}/force-logout`,
          {
            cookie: session.cookie,
            csrf: session.csrf,
            ip,
          },
        );
        if (r.status === 200) {
          world.userEnded(target.id, r.sentAt, r.answeredAt);
          world.writes.push({ kind: 'force-logout', userId: target.id });
        }
      }
    }
    if (n % 4 === 0 && (await stepUp(rec, session, 'IP_RULE_CHANGE', ip))) {
      if (block.ruleId) {
        block.liftSent = performance.now();
        const r = await rec.request('ip rule', 'DELETE', `/api/security/ip-rules/${block.ruleId}`, {
          cookie: session.cookie,
          csrf: session.csrf,
          ip,
        });
        if (r.status === 200) {
          world.writes.push({ kind: 'ip-rule-deleted', ruleId: block.ruleId });
          block.ruleId = null;
          block.since = null;
          block.liftSent = null;
        } else if (r.status !== 0) {
          // Refused: the rule stands. (No answer at all — the kill — may have lifted it.)
          block.liftSent = null;
        }
      } else {
        const r = await rec.request('ip rule', 'POST', '/api/security/ip-rules', {
          cookie: session.cookie,
          csrf: session.csrf,
          ip,
          body: { action: 'deny', cidr: `${block.ip}/32`, note: 'cluster test' },
        });
        if (r.status === 201) {
          block.ruleId = r.json.rule.id;
          block.since = r.answeredAt;
          world.writes.push({ kind: 'ip-rule', ruleId: block.ruleId });
        }
      }
    }
  }
}

async function tokenLoop(rec, org, until) {
  while (performance.now() < until) {
    await rec.request('token', 'GET', '/api/admin/users', {
      bearer: org.token,
      ip: '198.18.200.1',
    });
    await jitter(5, 20);
  }
}

/** Runs every loop until `until` (a performance.now() instant). */
export async function runLoad(rec, world, orgs, until) {
  const loops = [];
  for (const org of orgs) {
    loops.push(ownerLoop(rec, world, org, until));
    loops.push(proberLoop(rec, world, org, org.members[0], until));
    loops.push(tokenLoop(rec, org, until));
    for (const member of org.members.slice(1)) loops.push(memberLoop(rec, world, member, until));
  }
  await Promise.all(loops);
}
