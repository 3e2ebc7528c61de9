import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, orglessAuditEvents } from '../src/db/schema/index.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addRule, ownerWithMember } from './support/ip-rules.js';
import {
  PASSWORD,
  patch,
  post,
  randomAddress,
  type SignedInAgent,
  signUp,
} from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

const orgRows = (orgId: string, action: string) =>
  t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, action)))
    .orderBy(auditLogs.seq);
const orglessRows = (action: string, ip: string) =>
  t.deps.db
    .select()
    .from(orglessAuditEvents)
    .where(and(eq(orglessAuditEvents.action, action), eq(orglessAuditEvents.ip, ip)));

/** No secret of the request (a share token, a URL signature, an API token) is in any row. */
async function expectNoneOf(secrets: string[]) {
  const everything = JSON.stringify([
    await t.deps.db.select().from(auditLogs),
    await t.deps.db.select().from(orglessAuditEvents),
  ]);
  for (const secret of secrets) expect(everything).not.toContain(secret);
}

async function sharedDocument(owner: SignedInAgent) {
  await post(owner, '/api/security/stepup/verify')
    .send({ purpose: 'ORG_SECURITY_CHANGE', password: PASSWORD })
    .expect(200);
  await patch(owner, '/api/org/security')
    .send({ requireMfaForShares: false, requireMfaForDownloads: false })
    .expect(200);
  const doc = await post(owner, '/api/documents')
    .send({
      name: 'plan.txt',
      mime: 'text/plain',
      contentBase64: Buffer.from('x').toString('base64'),
    })
    .expect(201);
  return doc.body.document as { id: string };
}

const fetchAs = (path: string, ip: string) =>
  request(t.app).get(path).set('X-Forwarded-For', ip).set('User-Agent', BROWSER);

describe('share links are audited', () => {
  it('records a fetch in the share’s org, and each refusal (unknown, revoked, expired) with its reason, never the token', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    const doc = await sharedDocument(owner);
    const live = await post(owner, '/api/shares/create').send({ docId: doc.id }).expect(201);
    const ip = randomAddress();
    await fetchAs(new URL(live.body.url).pathname, ip).expect(200);
    expect(await orgRows(orgId, 'SHARE_LINK_OPENED')).toMatchObject([
      {
        outcome: 'SUCCESS',
        targetType: 'share',
        targetId: live.body.shareId,
        ip,
        userAgent: BROWSER,
        metadata: { shareId: live.body.shareId, documentId: doc.id },
      },
    ]);

    const unknown = `/s/${'B'.repeat(43)}`;
    await fetchAs(unknown, ip).expect(404);
    expect(await orglessRows('SHARE_LINK_OPENED', ip)).toMatchObject([
      { outcome: 'FAIL', failureReason: 'share_unknown', userAgent: BROWSER },
    ]);

    const revoked = await post(owner, '/api/shares/create').send({ docId: doc.id }).expect(201);
    await post(owner, `/api/shares/${revoked.body.shareId}/revoke`).expect(200);
    await fetchAs(new URL(revoked.body.url).pathname, ip).expect(404);
    const expiring = await post(owner, '/api/shares/create')
      .send({ docId: doc.id, expiresInHours: 1 })
      .expect(201);
    t.clock.advance(2 * 60 * 60 * 1000);
    await fetchAs(new URL(expiring.body.url).pathname, ip).expect(404);
    const refused = (await orgRows(orgId, 'SHARE_LINK_OPENED')).filter((r) => r.outcome === 'FAIL');
    expect(refused.map((r) => [r.targetId, r.failureReason])).toEqual([
      [revoked.body.shareId, 'share_revoked'],
      [expiring.body.shareId, 'share_expired'],
    ]);
    const tokens = [live, revoked, expiring].map((s) => new URL(s.body.url).pathname.slice(3));
    await expectNoneOf([...tokens, 'B'.repeat(43)]);
  });
});

describe('signed download URLs are audited', () => {
  it('records a use in the document’s org, a bad signature for no org, and an expired link for its org', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    const doc = await sharedDocument(owner);
    const signed = await owner.agent.get(`/api/storage/download-url/${doc.id}`).expect(200);
    const url = new URL(signed.body.url, ORIGIN);
    const signature = url.searchParams.get('signature') ?? '';
    const ip = randomAddress();
    await fetchAs(`${url.pathname}${url.search}`, ip).expect(200);
    expect(await orgRows(orgId, 'DOWNLOAD_LINK_USED')).toMatchObject([
      { outcome: 'SUCCESS', targetType: 'document', targetId: doc.id, ip, userAgent: BROWSER },
    ]);

    const forged = `${url.pathname}?expires=${url.searchParams.get('expires')}&signature=${'A'.repeat(43)}`;
    expect((await fetchAs(forged, ip)).status).toBe(403);
    expect(await orglessRows('DOWNLOAD_LINK_USED', ip)).toMatchObject([
      { outcome: 'FAIL', failureReason: 'bad_signature', targetId: doc.id },
    ]);

    t.clock.advance(61_000);
    expect((await fetchAs(`${url.pathname}${url.search}`, ip)).status).toBe(403);
    const failed = (await orgRows(orgId, 'DOWNLOAD_LINK_USED')).filter((r) => r.outcome === 'FAIL');
    expect(failed).toMatchObject([{ failureReason: 'expired', targetId: doc.id, ip }]);
    await expectNoneOf([signature]);
  });
});

describe('refused checks are audited as themselves', () => {
  it('a write without the CSRF token, and a stolen cookie sent cross-site, name the session’s user and org', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    const ip = randomAddress();
    const noToken = await owner.agent
      .post('/api/security/sessions/revoke-others')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', ip);
    expect(noToken.body.error).toBe('CSRF_FAILED');
    // From another address: refusals of one key (same address) are counted in one window's row.
    const crossSite = await owner.agent
      .post('/api/auth/logout')
      .set('Origin', 'https://evil.example')
      .set('X-CSRF-Token', owner.csrf)
      .set('X-Forwarded-For', randomAddress());
    expect(crossSite.body.error).toBe('CSRF_FAILED');
    const rows = await orgRows(orgId, 'CSRF_REFUSED');
    expect(rows).toMatchObject([
      {
        outcome: 'FAIL',
        failureReason: 'CSRF_FAILED',
        actorUserId: owner.body.user.id,
        ip,
        metadata: {
          method: 'POST',
          route: '/security/sessions/revoke-others',
          check: 'csrf_token',
        },
      },
      {
        outcome: 'FAIL',
        actorUserId: owner.body.user.id,
        metadata: { method: 'POST', route: '/auth/logout', check: 'origin' },
      },
    ]);
    // The refusal is the record: not a second FAIL row of the route it tried.
    expect(await orgRows(orgId, 'SESSION_REVOKE_ALL')).toEqual([]);
    await expectNoneOf([owner.csrf]);
  });

  it('a session request from an address the org blocks', async () => {
    const { owner, member } = await ownerWithMember(t);
    await addRule(owner, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    const blocked = await member.agent.get('/api/auth/me').set('X-Forwarded-For', '203.0.113.9');
    expect(blocked.body.error).toBe('IP_BLOCKED');
    expect(await orgRows(owner.body.org.id, 'IP_BLOCKED')).toMatchObject([
      {
        outcome: 'FAIL',
        failureReason: 'IP_BLOCKED',
        actorUserId: member.body.user.id,
        ip: '203.0.113.9',
        metadata: { method: 'GET', route: '/auth/me' },
      },
    ]);
  });

  it('an API token outside its scopes, naming the token and the scope it lacked, never its secret', async () => {
    const owner = await signUp(t);
    const { secret, token } = await createToken(owner, ['sessions:read']);
    const res = await bearer(t, secret)
      .get('/api/admin/users')
      .set('X-Forwarded-For', '192.0.2.77');
    expect(res.body.error).toBe('INSUFFICIENT_SCOPE');
    expect(await orgRows(owner.body.org.id, 'SCOPE_REFUSED')).toMatchObject([
      {
        outcome: 'FAIL',
        failureReason: 'INSUFFICIENT_SCOPE',
        actorUserId: null,
        actorTokenId: token.id,
        ip: '192.0.2.77',
        metadata: { method: 'GET', route: '/admin/users', requiredScope: 'users:read' },
      },
    ]);
    await expectNoneOf([secret]);
  });
});
