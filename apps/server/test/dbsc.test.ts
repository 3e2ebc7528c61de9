import { eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { auditLogs, securityAlerts, sessions } from '../src/db/schema/index.js';
import { createTestApp, type TestApp, testConfig } from './support/app.js';
import { PASSWORD, randomAddress, uniqueEmail } from './support/users.js';

/** Device-bound sessions (decision 025), spoken the way Chrome speaks them, over an https APP_URL. */
const HTTPS_URL = 'https://gatehouse.test';
const REGISTER = '/api/auth/dbsc/register';
const REFRESH = '/api/auth/dbsc/refresh';
const SESSION_COOKIE = '__Host-gh_session';
const BOUND_COOKIE = '__Host-gh_bound';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function newKey(): Promise<{ pair: KeyPair; jwk: JWK }> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { pair, jwk: await exportJWK(pair.publicKey) };
}

async function proof(
  key: { pair: KeyPair; jwk: JWK },
  jti: string,
  options: { withJwk?: boolean; typ?: string } = {},
): Promise<string> {
  const header: { alg: string; typ: string; jwk?: JWK } = {
    alg: 'ES256',
    typ: options.typ ?? 'dbsc+jwt',
  };
  if (options.withJwk ?? true) header.jwk = key.jwk;
  return new SignJWT({ jti }).setProtectedHeader(header).sign(key.pair.privateKey);
}

/** What a browser keeps: its cookies (Secure ones too: the test speaks for an https origin). */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  registration: string | undefined;
  constructor(private readonly t: TestApp) {}

  absorb(res: request.Response): request.Response {
    const raw = res.headers['set-cookie'] as unknown;
    const lines = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
    for (const line of lines) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(path: string) {
    return request(this.t.app).get(path).set('Cookie', this.header());
  }

  post(path: string) {
    return request(this.t.app)
      .post(path)
      .set('Origin', HTTPS_URL)
      .set('X-CSRF-Token', this.csrf)
      .set('Cookie', this.header());
  }

  async signIn(email: string): Promise<request.Response> {
    const res = this.absorb(
      await request(this.t.app)
        .post('/api/auth/login')
        .set('Origin', HTTPS_URL)
        .send({ email, password: PASSWORD }),
    );
    expect(res.status).toBe(200);
    this.csrf = res.body.csrfToken;
    const offer = res.headers['secure-session-registration'];
    this.registration = typeof offer === 'string' ? offer : undefined;
    return res;
  }

  /** The challenge the sign-in answer offered. */
  get registrationChallenge(): string {
    const match = /challenge="([^"]+)"/.exec(this.registration ?? '');
    if (!match?.[1]) throw new Error(`no registration offered: ${this.registration}`);
    return match[1];
  }

  async register(key: { pair: KeyPair; jwk: JWK }, jti = this.registrationChallenge) {
    return this.absorb(
      await request(this.t.app)
        .post(REGISTER)
        .set('Cookie', this.header())
        .set('Secure-Session-Response', await proof(key, jti)),
    );
  }

  async askChallenge(sessionId: string) {
    return this.absorb(
      await request(this.t.app)
        .post(REFRESH)
        .set('Cookie', this.header())
        .set('Sec-Secure-Session-Id', sessionId),
    );
  }

  async answer(sessionId: string, jwt: string) {
    return this.absorb(
      await request(this.t.app)
        .post(REFRESH)
        .set('Cookie', this.header())
        .set('Sec-Secure-Session-Id', sessionId)
        .set('Secure-Session-Response', jwt),
    );
  }

  /** Chrome's refresh: ask, get a 403 challenge, sign it, send it. */
  async refresh(sessionId: string, key: { pair: KeyPair; jwk: JWK }) {
    const asked = await this.askChallenge(sessionId);
    expect(asked.status).toBe(403);
    return this.answer(sessionId, await proof(key, challengeOf(asked), { withJwk: false }));
  }
}

function challengeOf(res: request.Response): string {
  const header = String(res.headers['secure-session-challenge'] ?? '');
  const match = /^"([^"]+)";id="([^"]+)"$/.exec(header);
  if (!match?.[1]) throw new Error(`no challenge: ${header}`);
  return match[1];
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: testConfig({ APP_URL: HTTPS_URL }) });
});
afterAll(async () => {
  await t.close();
});

async function newOwner(): Promise<{ email: string; browser: Browser; sessionId: string }> {
  const email = uniqueEmail('owner');
  const res = await request(t.app)
    .post('/api/auth/signup')
    .set('Origin', HTTPS_URL)
    .set('X-Forwarded-For', randomAddress())
    .send({ orgName: 'Bound Org', name: 'Owner Person', email, password: PASSWORD });
  expect(res.status).toBe(201);
  const browser = new Browser(t);
  const signedIn = await browser.signIn(email);
  return { email, browser, sessionId: signedIn.body.session.id };
}

async function boundOwner() {
  const owner = await newOwner();
  const key = await newKey();
  const res = await owner.browser.register(key);
  expect(res.status).toBe(200);
  // Past the few seconds in which requests sent before the bound cookie arrived still pass.
  t.clock.advance(6_000);
  return { ...owner, key };
}

async function auditOf(sessionId: string) {
  return t.deps.db.select().from(auditLogs).where(eq(auditLogs.targetId, sessionId));
}

describe('registration', () => {
  it('is offered by a sign-in answer over https, with the path and a challenge', async () => {
    const { browser } = await newOwner();
    expect(browser.registration).toMatch(
      /^\(ES256 RS256\);path="\/api\/auth\/dbsc\/register";challenge="[A-Za-z0-9._~-]+"$/,
    );
  });

  it('is not offered over plain http', async () => {
    const plain = await createTestApp({ handle: t.handle });
    try {
      const email = uniqueEmail('plain');
      const res = await request(plain.app)
        .post('/api/auth/signup')
        .set('Origin', 'http://gatehouse.test')
        .set('X-Forwarded-For', randomAddress())
        .send({ orgName: 'Plain', name: 'P', email, password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.headers['secure-session-registration']).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('stores the key and answers the session instructions with the bound cookie, not cached', async () => {
    const { browser, sessionId } = await newOwner();
    const key = await newKey();
    const res = await browser.register(key);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      session_identifier: sessionId,
      refresh_url: REFRESH,
      scope: {
        origin: HTTPS_URL,
        include_site: false,
        scope_specification: [{ type: 'exclude', domain: 'gatehouse.test', path: REFRESH }],
      },
      credentials: [
        {
          type: 'cookie',
          name: BOUND_COOKIE,
          attributes: 'Path=/; Secure; HttpOnly; SameSite=Lax',
        },
      ],
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /__Host-gh_bound=[^;]+; Max-Age=600; Path=\/;.*HttpOnly; Secure; SameSite=Lax/,
    );
    const [row] = await t.deps.db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(row?.dbscPublicKey).toEqual({ kty: 'EC', crv: 'P-256', x: key.jwk.x, y: key.jwk.y });
    expect(row?.dbscBoundAt).not.toBeNull();
    const rows = await auditOf(sessionId);
    expect(rows.map((r) => [r.action, r.outcome])).toContainEqual(['DBSC_REGISTERED', 'SUCCESS']);
    // The session list says so.
    const list = await browser.get('/api/security/sessions');
    expect(list.status).toBe(200);
    expect(list.body.sessions.find((s: { id: string }) => s.id === sessionId)).toMatchObject({
      deviceBound: true,
    });
  });

  it('refuses a challenge of another session, a wrong type, and a second registration', async () => {
    const a = await newOwner();
    const b = await newOwner();
    const key = await newKey();
    const foreign = await a.browser.register(key, b.browser.registrationChallenge);
    expect(foreign.status).toBe(400);
    expect(foreign.body.reason).toBe('challenge_unknown');
    const wrongType = await request(t.app)
      .post(REGISTER)
      .set('Cookie', a.browser.header())
      .set(
        'Secure-Session-Response',
        await proof(key, a.browser.registrationChallenge, { typ: 'JWT' }),
      );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.reason).toBe('wrong_type');
    expect((await a.browser.register(key)).status).toBe(200);
    // Malware holding the cookie cannot bind the session to a key of its own afterwards.
    const again = await a.browser.register(await newKey());
    expect(again.status).toBe(409);
    const refused = (await auditOf(a.sessionId)).filter(
      (r) => r.action === 'DBSC_REGISTERED' && r.outcome === 'FAIL',
    );
    expect(refused.map((r) => r.failureReason).sort()).toEqual([
      'already_bound',
      'challenge_unknown',
      'wrong_type',
    ]);
  });

  it('refuses an expired registration challenge (injected clock)', async () => {
    const { browser } = await newOwner();
    t.clock.advance(301_000);
    const res = await browser.register(await newKey());
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('challenge_expired');
  });

  it('needs the session cookie', async () => {
    const { browser } = await newOwner();
    const res = await request(t.app)
      .post(REGISTER)
      .set('Secure-Session-Response', await proof(await newKey(), browser.registrationChallenge));
    expect(res.status).toBe(401);
  });
});

describe('the bound cookie', () => {
  it('is not yet needed by requests sent while the registration was answered', async () => {
    const { browser } = await newOwner();
    expect((await browser.register(await newKey())).status).toBe(200);
    browser.cookies.delete(BOUND_COOKIE);
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(5_000);
    expect((await browser.get('/api/auth/me')).status).toBe(401);
  });

  it('is required on every request of a bound session: 401 device_proof_required without it', async () => {
    const { browser } = await boundOwner();
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    browser.cookies.delete(BOUND_COOKIE);
    const res = await browser.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'device_proof_required' });
  });

  it('expires after DBSC_COOKIE_SECONDS', async () => {
    const { browser } = await boundOwner();
    t.clock.advance(601_000);
    const res = await browser.get('/api/auth/me');
    expect(res.body.reason).toBe('device_proof_required');
  });

  it('of one session does not serve another', async () => {
    const a = await boundOwner();
    const b = await boundOwner();
    const bound = a.browser.cookies.get(BOUND_COOKIE) ?? '';
    b.browser.cookies.set(BOUND_COOKIE, bound);
    expect((await b.browser.get('/api/auth/me')).status).toBe(401);
  });

  it('is not needed by a session that never registered (other browsers work as today)', async () => {
    const { browser } = await newOwner();
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    expect((await browser.get('/api/security/sessions')).body.sessions[0].deviceBound).toBe(false);
  });
});

describe('refresh', () => {
  it('answers a 403 challenge, then renews the bound cookie for a proof by the stored key', async () => {
    const { browser, sessionId, key } = await boundOwner();
    browser.cookies.delete(BOUND_COOKIE);
    const asked = await browser.askChallenge(sessionId);
    expect(asked.status).toBe(403);
    expect(asked.headers['cache-control']).toBe('no-store');
    expect(String(asked.headers['secure-session-challenge'])).toMatch(
      new RegExp(`^"[A-Za-z0-9_-]+";id="${sessionId}"$`),
    );
    const res = await browser.answer(
      sessionId,
      await proof(key, challengeOf(asked), { withJwk: false }),
    );
    expect(res.status).toBe(200);
    expect(res.body.session_identifier).toBe(sessionId);
    expect(browser.cookies.has(BOUND_COOKIE)).toBe(true);
    expect((await browser.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a replayed challenge and gives a new one', async () => {
    const { browser, sessionId, key } = await boundOwner();
    const asked = await browser.askChallenge(sessionId);
    const jwt = await proof(key, challengeOf(asked), { withJwk: false });
    expect((await browser.answer(sessionId, jwt)).status).toBe(200);
    const replay = await browser.answer(sessionId, jwt);
    expect(replay.status).toBe(403);
    expect(challengeOf(replay)).not.toBe(challengeOf(asked));
    const failed = (await auditOf(sessionId)).filter((r) => r.action === 'DBSC_REFRESH_FAILED');
    expect(failed.map((r) => r.failureReason)).toEqual(['challenge_unknown']);
  });

  it('refuses an expired challenge (injected clock)', async () => {
    const { browser, sessionId, key } = await boundOwner();
    const asked = await browser.askChallenge(sessionId);
    t.clock.advance(121_000);
    const late = await browser.answer(
      sessionId,
      await proof(key, challengeOf(asked), { withJwk: false }),
    );
    expect(late.status).toBe(403);
    const failed = (await auditOf(sessionId)).filter((r) => r.action === 'DBSC_REFRESH_FAILED');
    expect(failed.map((r) => r.failureReason)).toEqual(['challenge_expired']);
    // The fresh challenge works.
    const res = await browser.answer(
      sessionId,
      await proof(key, challengeOf(late), { withJwk: false }),
    );
    expect(res.status).toBe(200);
  });

  it('tells the browser to stop for a revoked session, and records it', async () => {
    const { browser, sessionId } = await boundOwner();
    const out = await browser.post('/api/auth/logout');
    expect(out.status).toBe(204);
    // The browser still holds the (now dead) session cookie when it refreshes.
    const res = await request(t.app)
      .post(REFRESH)
      .set('Cookie', `${SESSION_COOKIE}=${browser.cookies.get(SESSION_COOKIE) ?? 'gone'}`)
      .set('Sec-Secure-Session-Id', sessionId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ continue: false });
    const ended = (await auditOf(sessionId)).filter((r) => r.action === 'DBSC_SESSION_ENDED');
    expect(ended).toHaveLength(1);
  });

  it('tells the browser to stop when there is no session cookie, or it names another session', async () => {
    const a = await boundOwner();
    const b = await boundOwner();
    const none = await request(t.app).post(REFRESH).set('Sec-Secure-Session-Id', a.sessionId);
    expect(none.body).toEqual({ continue: false });
    const other = await b.browser.askChallenge(a.sessionId);
    expect(other.body).toEqual({ continue: false });
  });

  it('refuses a refresh without a session id header with 400', async () => {
    const res = await request(t.app).post(REFRESH);
    expect(res.status).toBe(400);
  });

  it('ends the session and raises an alert when the live challenge is signed by another key', async () => {
    const { browser, sessionId } = await boundOwner();
    const asked = await browser.askChallenge(sessionId);
    const res = await browser.answer(
      sessionId,
      await proof(await newKey(), challengeOf(asked), { withJwk: false }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ continue: false });
    const [row] = await t.deps.db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(row?.revokedAt).not.toBeNull();
    expect(row?.revokeReason).toBe('dbsc_key_mismatch');
    const alerts = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(eq(securityAlerts.userId, row?.userId ?? ''));
    expect(alerts.map((a) => a.type)).toContain('device_key_mismatch');
    expect((await auditOf(sessionId)).map((r) => r.action)).toContain('DBSC_KEY_MISMATCH');
    expect((await browser.get('/api/auth/me')).status).toBe(401);
  });

  it('treats a refresh proof carrying another key in its header as another device', async () => {
    const { browser, sessionId } = await boundOwner();
    const asked = await browser.askChallenge(sessionId);
    const res = await browser.answer(sessionId, await proof(await newKey(), challengeOf(asked)));
    expect(res.body).toEqual({ continue: false });
  });

  it('refuses garbage without ending the session', async () => {
    const { browser, sessionId } = await boundOwner();
    await browser.askChallenge(sessionId);
    const res = await browser.answer(sessionId, 'not.a.jwt');
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('malformed');
    expect((await browser.get('/api/auth/me')).status).toBe(200);
  });
});

describe('a support session', () => {
  it('keeps the administrator’s own bound session renewable while it waits in the return cookie', async () => {
    const owner = await boundOwner();
    const email = uniqueEmail('member');
    const created = await owner.browser
      .post('/api/admin/users')
      .send({ email, name: 'A member', role: 'member', password: PASSWORD });
    expect(created.status).toBe(201);
    const verified = await owner.browser
      .post('/api/security/stepup/verify')
      .send({ purpose: 'IMPERSONATION', password: PASSWORD });
    expect(verified.status).toBe(200);
    const started = owner.browser.absorb(
      await owner.browser
        .post(`/api/impersonate/${created.body.user.id}`)
        .send({ reason: 'Ticket 1: cannot open the report' }),
    );
    expect(started.status).toBe(200);
    expect(owner.browser.cookies.has('__Host-gh_return')).toBe(true);
    // The support session is not bound: it needs no bound cookie.
    expect((await owner.browser.get('/api/auth/me')).body.user.email).toBe(email);
    // Chrome refreshes the administrator's own session meanwhile: found by the return cookie.
    const renewed = await owner.browser.refresh(owner.sessionId, owner.key);
    expect(renewed.status).toBe(200);
    expect(renewed.body.session_identifier).toBe(owner.sessionId);
  });
});

describe('a copied session cookie', () => {
  it('is refused without the bound cookie, and cannot be renewed without the key', async () => {
    const victim = await boundOwner();
    const thief = new Browser(t);
    thief.cookies.set(SESSION_COOKIE, victim.browser.cookies.get(SESSION_COOKIE) ?? '');
    const me = await thief.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.reason).toBe('device_proof_required');
    // It cannot bind the session to its own key either.
    const rebind = await thief.register(await newKey(), victim.browser.registrationChallenge);
    expect(rebind.status).toBe(409);
    // Its refresh, signed by its own key, ends the victim's session (and alerts them).
    const res = await thief.refresh(victim.sessionId, await newKey());
    expect(res.body).toEqual({ continue: false });
    expect((await victim.browser.get('/api/auth/me')).status).toBe(401);
  });
});

describe('the org policy for owners and admins', () => {
  async function requirePolicy(browser: Browser) {
    const verified = await browser
      .post('/api/security/stepup/verify')
      .send({ purpose: 'ORG_SECURITY_CHANGE', password: PASSWORD });
    expect(verified.status).toBe(200);
    const patch = await request(t.app)
      .patch('/api/org/security')
      .set('Origin', HTTPS_URL)
      .set('X-CSRF-Token', browser.csrf)
      .set('Cookie', browser.header())
      .send({ requireDeviceBoundAdmins: true });
    expect(patch.status).toBe(200);
    expect(patch.body.requireDeviceBoundAdmins).toBe(true);
  }

  it('keeps an owner whose browser tried to register and did not out of admin pages', async () => {
    const owner = await newOwner();
    await requirePolicy(owner.browser);
    const again = new Browser(t);
    await again.signIn(owner.email);
    // The browser supports DBSC (it started a registration) but the binding failed.
    const failed = await again.register(await newKey(), 'forged.challenge.value');
    expect(failed.status).toBe(400);
    const admin = await again.get('/api/org/security');
    expect(admin.status).toBe(403);
    expect((await again.get('/api/auth/me')).status).toBe(200);
    // A browser without DBSC (never tried) is as before.
    const plain = new Browser(t);
    await plain.signIn(owner.email);
    expect((await plain.get('/api/org/security')).status).toBe(200);
    // A bound session is fine.
    const bound = new Browser(t);
    await bound.signIn(owner.email);
    expect((await bound.register(await newKey())).status).toBe(200);
    expect((await bound.get('/api/org/security')).status).toBe(200);
  });

  it('does not apply when the org has not asked for it', async () => {
    const owner = await newOwner();
    const again = new Browser(t);
    await again.signIn(owner.email);
    await again.register(await newKey(), 'forged.challenge.value');
    expect((await again.get('/api/org/security')).status).toBe(200);
  });
});

describe('configuration', () => {
  it('takes TLS_CERT_FILE and TLS_KEY_FILE together, and DBSC_COOKIE_SECONDS', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32), TLS_CERT_FILE: '/c.pem' }),
    ).toThrow(ConfigError);
    const config = loadConfig({
      NODE_ENV: 'test',
      APP_SECRET: 'x'.repeat(32),
      TLS_CERT_FILE: '/c.pem',
      TLS_KEY_FILE: '/k.pem',
      DBSC_COOKIE_SECONDS: '120',
    });
    expect(config.tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem' });
    expect(config.dbscCookieSeconds).toBe(120);
    expect(loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) }).dbscCookieSeconds).toBe(
      600,
    );
  });
});
