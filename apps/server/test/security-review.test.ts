import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepUpGrants } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { enrolTotp } from './support/totp.js';
import {
  addMember,
  PASSWORD,
  patch,
  post,
  type SignedInAgent,
  signIn,
  signUp,
  stepUp,
} from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

async function policyOff(owner: SignedInAgent) {
  await stepUp(owner, 'ORG_SECURITY_CHANGE');
  await patch(owner, '/api/org/security')
    .send({ requireMfaForDownloads: false, requireMfaForShares: false })
    .expect(200);
}

/** The session cookie a response set, as `name=value`. */
function sessionCookie(res: request.Response): string | undefined {
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  return set?.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('gh_session='));
}

describe('3. text the database cannot store', () => {
  it('answers NUL in sign-up names with 422 naming the field, and logs no password hash', async () => {
    for (const field of ['name', 'orgName'] as const) {
      const res = await request(t.app)
        .post('/api/auth/signup')
        .set('Origin', ORIGIN)
        .send({
          orgName: 'Org',
          name: 'Person',
          email: `nul-${field}@example.test`,
          password: PASSWORD,
          [field]: 'Evil\u0000Name',
        });
      expect(res.status, field).toBe(422);
      expect(res.body.issues[0].path).toBe(field);
    }
    expect(t.logs()).not.toContain('$argon2id');
  });

  it('answers lone surrogates in document names and mime types with 422', async () => {
    const owner = await signUp(t);
    for (const body of [
      { name: 'a\uD800.txt', mime: 'text/plain', contentBase64: b64('x') },
      { name: 'a.txt', mime: 'text/pl\u0000ain', contentBase64: b64('x') },
    ]) {
      const res = await post(owner, '/api/documents').send(body);
      expect(res.status).toBe(422);
    }
  });
});

describe('5. upload bodies are read after authentication, CSRF and permission', () => {
  it('does not parse a body for a caller without a session (401 before any JSON error)', async () => {
    const res = await request(t.app)
      .post('/api/documents')
      .set('Origin', ORIGIN)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(401);
  });

  it('does not parse a body without the CSRF token (403 before any JSON error)', async () => {
    const owner = await signUp(t);
    const res = await owner.agent
      .post('/api/documents')
      .set('Origin', ORIGIN)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('CSRF_FAILED');
  });
});

describe('7. tokens in logged paths', () => {
  it('never logs a share link’s token', async () => {
    const owner = await signUp(t);
    await policyOff(owner);
    const doc = await post(owner, '/api/documents')
      .send({ name: 'a.txt', mime: 'text/plain', contentBase64: b64('hello') })
      .expect(201);
    const shared = await post(owner, '/api/shares/create')
      .send({ docId: doc.body.document.id })
      .expect(201);
    const url = new URL(shared.body.url);
    await request(t.app).get(url.pathname).expect(200);
    await request(t.app).get(`${url.pathname}x`).expect(404);
    const token = url.pathname.slice('/s/'.length);
    expect(t.logs()).not.toContain(token);
    expect(t.logs()).toContain('/s/[redacted]');
  });
});

describe('8. the session token is rotated when credentials change', () => {
  it('after a password change: the old cookie is dead at once, the new one (and the CSRF token) work', async () => {
    const owner = await signUp(t);
    const oldCookie = sessionCookie(
      await request(t.app)
        .post('/api/auth/login')
        .set('Origin', ORIGIN)
        .send({ email: owner.email, password: PASSWORD }),
    );
    const me = await signIn(t, owner.email);
    const res = await post(me, '/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-passphrase-42' })
      .expect(200);
    const rotated = sessionCookie(res);
    expect(rotated).toBeDefined();
    expect((await me.agent.get('/api/auth/me')).status).toBe(200);
    const csrfStillValid = await post(me, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      password: 'a-brand-new-passphrase-42',
    });
    expect(csrfStillValid.status).toBe(200);
    expect(oldCookie).toBeDefined();
    const stale = await request(t.app)
      .get('/api/auth/me')
      .set('Cookie', oldCookie ?? '');
    expect(stale.status).toBe(401);
  });

  it('after adding a second factor: the cookie that enrolled is replaced', async () => {
    const owner = await signUp(t);
    const stolenCopy = owner.agent.jar.getCookie('gh_session', {
      path: '/',
      domain: '127.0.0.1',
      secure: false,
      script: false,
    });
    const before = stolenCopy?.value;
    await enrolTotp(t, owner);
    const after = owner.agent.jar.getCookie('gh_session', {
      path: '/',
      domain: '127.0.0.1',
      secure: false,
      script: false,
    });
    expect(after?.value).toBeDefined();
    expect(after?.value).not.toBe(before);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(200);
    const stale = await request(t.app).get('/api/auth/me').set('Cookie', `gh_session=${before}`);
    expect(stale.status).toBe(401);
  });
});

describe('10. password rules', () => {
  it('refuses common and repetitive passwords on sign-up with the reason', async () => {
    for (const password of ['aaaaaaaaaaaa', 'password1234']) {
      const res = await request(t.app)
        .post('/api/auth/signup')
        .set('Origin', ORIGIN)
        .send({ orgName: 'Org', name: 'Person', email: `weak-${password}@example.test`, password });
      expect(res.status, password).toBe(422);
      expect(res.body.issues).toEqual([{ path: 'password', message: expect.any(String) }]);
    }
  });

  it('refuses a weak new password, and one equal to the current password', async () => {
    const owner = await signUp(t);
    const same = await post(owner, '/api/auth/password').send({
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    });
    expect(same.status).toBe(422);
    expect(same.body.issues[0].path).toBe('newPassword');
    const weak = await post(owner, '/api/auth/password').send({
      currentPassword: PASSWORD,
      newPassword: 'qwertyuiop123',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.issues[0].path).toBe('newPassword');
  });

  it('refuses a weak password for a user an admin creates', async () => {
    const owner = await signUp(t);
    const res = await post(owner, '/api/admin/users').send({
      email: 'weakling@example.test',
      name: 'Weak',
      role: 'member',
      password: 'aaaaaaaaaaaa',
    });
    expect(res.status).toBe(422);
  });
});

describe('11. files are served inert', () => {
  it('serves HTML as octet-stream in a CSP sandbox, and strips bidi controls from the name', async () => {
    const owner = await signUp(t);
    await policyOff(owner);
    const doc = await post(owner, '/api/documents')
      .send({
        name: 'invoice\u202Elmth.txt',
        mime: 'text/html',
        contentBase64: b64('<script>alert(1)</script>'),
      })
      .expect(201);
    expect(doc.body.document.name).toBe('invoicelmth.txt');
    const link = await owner.agent.get(`/api/storage/download-url/${doc.body.document.id}`);
    const file = await request(t.app).get(link.body.url).expect(200);
    expect(file.headers['content-type']).toMatch(/^application\/octet-stream/);
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.headers['content-disposition']).toContain('invoicelmth.txt');
    const shared = await post(owner, '/api/shares/create')
      .send({ docId: doc.body.document.id })
      .expect(201);
    const viaShare = await request(t.app).get(new URL(shared.body.url).pathname).expect(200);
    expect(viaShare.headers['content-type']).toMatch(/^application\/octet-stream/);
    expect(viaShare.headers['content-security-policy']).toContain('sandbox');
  });

  it('keeps inert types such as text/plain', async () => {
    const owner = await signUp(t);
    await policyOff(owner);
    const doc = await post(owner, '/api/documents')
      .send({ name: 'a.txt', mime: 'text/plain', contentBase64: b64('hi') })
      .expect(201);
    const link = await owner.agent.get(`/api/storage/download-url/${doc.body.document.id}`);
    const file = await request(t.app).get(link.body.url).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
  });
});

describe('12. bounded lists and a storage quota', () => {
  it('pages documents with a cursor, each exactly once, and refuses a forged cursor', async () => {
    const owner = await signUp(t);
    for (let i = 0; i < 5; i += 1) {
      await post(owner, '/api/documents')
        .send({ name: `d${i}.txt`, mime: 'text/plain', contentBase64: b64(`${i}`) })
        .expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await owner.agent.get(`/api/documents${query}`).expect(200);
      expect(page.body.documents.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.documents.map((d: { name: string }) => d.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['d0.txt', 'd1.txt', 'd2.txt', 'd3.txt', 'd4.txt']);
    expect((await owner.agent.get('/api/documents?cursor=bm9wZQ')).status).toBe(422);
    expect((await owner.agent.get('/api/documents?limit=1000')).status).toBe(422);
  });

  it('pages the team and the active users', async () => {
    const owner = await signUp(t);
    await addMember(t, owner, 'member');
    await addMember(t, owner, 'admin');
    const first = await owner.agent.get('/api/admin/users?limit=2').expect(200);
    expect(first.body.users).toHaveLength(2);
    const second = await owner.agent
      .get(`/api/admin/users?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.users).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const active = await owner.agent.get('/api/org/security/active-users?limit=2').expect(200);
    expect(active.body.activeUsers).toHaveLength(2);
    const rest = await owner.agent
      .get(`/api/org/security/active-users?limit=2&cursor=${active.body.nextCursor}`)
      .expect(200);
    expect(rest.body.activeUsers).toHaveLength(1);
  });

  it('shows active users to the owner only, and never another org’s', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    expect((await admin.agent.get('/api/org/security/active-users')).status).toBe(403);
    expect((await member.agent.get('/api/org/security/active-users')).status).toBe(403);
    const stranger = await signUp(t);
    const theirs = await stranger.agent.get('/api/org/security/active-users').expect(200);
    expect(theirs.body.activeUsers.map((u: { id: string }) => u.id)).toEqual([
      stranger.body.user.id,
    ]);
  });

  it('answers 413 STORAGE_QUOTA_EXCEEDED with a clear message past the org’s quota', async () => {
    const small = await createTestApp({
      handle: t.handle,
      config: testConfig({ STORAGE_QUOTA_BYTES: '10' }),
    });
    try {
      const owner = await signUp(small);
      await post(owner, '/api/documents')
        .send({ name: 'a.txt', mime: 'text/plain', contentBase64: b64('12345678') })
        .expect(201);
      const res = await post(owner, '/api/documents').send({
        name: 'b.txt',
        mime: 'text/plain',
        contentBase64: b64('12345'),
      });
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('STORAGE_QUOTA_EXCEEDED');
      expect(res.body.message).toMatch(/storage/);
    } finally {
      await small.close();
    }
  });
});

describe('13. grants and pending MFA sign-ins end when a credential changes', () => {
  it('a password change ends step-up grants of every session', async () => {
    const owner = await signUp(t);
    const other = await signIn(t, owner.email);
    await stepUp(other, 'REVOKE_ALL_OTHER_SESSIONS');
    await post(owner, '/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-passphrase-42' })
      .expect(200);
    const grants = await t.deps.db
      .select()
      .from(stepUpGrants)
      .where(eq(stepUpGrants.userId, owner.body.user.id));
    expect(grants).toEqual([]);
  });

  it('disabling the factor ends grants and the half-finished sign-ins it began', async () => {
    const owner = await signUp(t);
    const totp = await enrolTotp(t, owner);
    const pending = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: PASSWORD })
      .expect(200);
    await stepUp(owner, 'REVOKE_ALL_OTHER_SESSIONS', { code: totp.nextCode() });
    await stepUp(owner, 'MFA_DISABLE', { code: totp.nextCode() });
    await post(owner, '/api/security/mfa/totp/disable').expect(200);
    expect((await post(owner, '/api/security/sessions/revoke-others')).status).toBe(428);
    const finish = await request(t.app)
      .post('/api/auth/login/mfa')
      .set('Origin', ORIGIN)
      .send({ mfaToken: pending.body.mfaToken, recoveryCode: totp.recoveryCodes[0] });
    expect(finish.status).toBe(401);
    expect(finish.body.restart).toBe(true);
  });
});

describe('15. framing and methods', () => {
  it('forbids framing, and answers a wrong method under /api with 405 JSON and Allow', async () => {
    const res = await request(t.app).get('/api/auth/login');
    expect(res.status).toBe(405);
    expect(res.body.error).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    const both = await request(t.app).delete('/api/org/security').set('Origin', ORIGIN);
    expect(both.status).toBe(405);
    expect(both.headers.allow).toContain('GET');
    expect(both.headers.allow).toContain('PATCH');
  });
});

describe('16. a clone inside a hidden folder', () => {
  it('serves the SPA and answers a missing asset with a 404, never a 500', async () => {
    const dist = path.join(mkdtempSync(path.join(tmpdir(), 'gh-')), '.local', 'src', 'dist');
    mkdirSync(path.join(dist, 'assets'), { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Gatehouse</title>');
    const hidden = await createTestApp({
      handle: t.handle,
      config: testConfig({ WEB_DIST: dist }),
    });
    try {
      const page = await request(hidden.app).get('/settings/security');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>Gatehouse</title>');
      expect((await request(hidden.app).get('/assets/missing.js')).status).toBe(404);
      expect((await request(hidden.app).get('/.env')).status).not.toBe(500);
    } finally {
      await hidden.close();
    }
  });
});

describe('17. PATCH /api/org/security takes what GET returns', () => {
  it('accepts a read–modify–write of the whole document', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    const current = await owner.agent.get('/api/org/security').expect(200);
    const edited = {
      ...current.body,
      sessionPolicy: { ...current.body.sessionPolicy, preset: 'strict' },
    };
    const res = await patch(owner, '/api/org/security').send(edited);
    expect(res.status).toBe(200);
    expect(res.body.sessionPolicy.preset).toBe('strict');
  });
});
