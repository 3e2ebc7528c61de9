import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { enrolTotp } from './support/totp.js';
import { addMember, PASSWORD, patch, post, type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;
const MB = 1024 * 1024;

async function upload(who: SignedInAgent, name = 'plan.txt', text = 'the plan') {
  const res = await post(who, '/api/documents')
    .send({ name, mime: 'text/plain', contentBase64: Buffer.from(text).toString('base64') })
    .expect(201);
  return res.body.document as { id: string; name: string; size: number };
}

/** Turns one MFA policy switch, as the owner does on Session security. */
async function setPolicy(owner: SignedInAgent, settings: Record<string, boolean>) {
  await post(owner, '/api/security/stepup/verify')
    .send({ purpose: 'ORG_SECURITY_CHANGE', password: PASSWORD })
    .expect(200);
  await patch(owner, '/api/org/security').send(settings).expect(200);
}

const downloadUrl = (who: SignedInAgent, docId: string) =>
  who.agent.get(`/api/storage/download-url/${docId}`);
const share = (who: SignedInAgent, docId: string, expiresInHours?: number) =>
  post(who, '/api/shares/create').send({ docId, expiresInHours });

describe('documents', () => {
  it('uploads as JSON or multipart and lists the org’s documents, newest first', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const first = await upload(owner, 'plan.txt', 'hello');
    t.clock.advance(1000);
    const res = await post(member, '/api/documents')
      .attach('file', Buffer.from('%PDF-1.4 minimal'), {
        filename: 'report.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    expect(res.body.document).toMatchObject({
      name: 'report.pdf',
      mime: 'application/pdf',
      size: 16,
    });
    const list = await owner.agent.get('/api/documents').expect(200);
    expect(list.body.documents.map((d: { name: string }) => d.name)).toEqual([
      'report.pdf',
      'plan.txt',
    ]);
    expect(list.body.documents[1]).toMatchObject({
      id: first.id,
      size: 5,
      ownerName: 'Owner Person',
    });
    const other = await signUp(t);
    expect((await other.agent.get('/api/documents')).body.documents).toEqual([]);
  });

  it('refuses more than 10 MB (413), either way, and odd bodies with a 4xx', async () => {
    const owner = await signUp(t);
    const big = Buffer.alloc(10 * MB + 1, 1);
    const json = await post(owner, '/api/documents').send({
      name: 'big.bin',
      mime: 'application/octet-stream',
      contentBase64: big.toString('base64'),
    });
    expect(json.status).toBe(413);
    expect(json.body.error).toBe('PAYLOAD_TOO_LARGE');
    const multipart = await post(owner, '/api/documents').attach('file', big, 'big.bin');
    expect(multipart.status).toBe(413);
    const exact = await post(owner, '/api/documents').attach(
      'file',
      Buffer.alloc(10 * MB),
      'ok.bin',
    );
    expect(exact.status).toBe(201);
    const text = await post(owner, '/api/documents').set('Content-Type', 'text/plain').send('hi');
    expect(text.status).toBe(415);
    const noFile = await post(owner, '/api/documents').field('name', 'x');
    expect(noFile.status).toBe(422);
    const badBase64 = await post(owner, '/api/documents').send({
      name: 'a.txt',
      mime: 'text/plain',
      contentBase64: 'not base64!',
    });
    expect(badBase64.status).toBe(422);
  });
});

describe('downloads', () => {
  it('with the policy off: a signed URL that serves the file as an attachment for 60 s', async () => {
    const owner = await signUp(t);
    await setPolicy(owner, { requireMfaForDownloads: false });
    const doc = await upload(owner, 'plan "Q4".txt', 'quarterly');
    const res = await downloadUrl(owner, doc.id).expect(200);
    expect(new Date(res.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + MINUTE_MS);
    const file = await request(t.app).get(res.body.url).expect(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename=/);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
    expect(file.text).toBe('quarterly');
    const tampered = res.body.url.replace(/signature=.{4}/, 'signature=AAAA');
    expect((await request(t.app).get(tampered)).status).toBe(403);
    t.clock.advance(MINUTE_MS);
    expect((await request(t.app).get(res.body.url)).status).toBe(403);
    const audited = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'DOCUMENT_DOWNLOADED')),
      );
    expect(audited).toMatchObject([{ outcome: 'SUCCESS', targetId: doc.id }]);
  });

  it('with the policy on (the default), a user without TOTP is told to enrol; a password will not do', async () => {
    const owner = await signUp(t);
    const doc = await upload(owner);
    const res = await downloadUrl(owner, doc.id);
    expect(res.status).toBe(428);
    expect(res.body).toMatchObject({
      purpose: 'DOWNLOAD',
      methods: [],
      mfaEnrollmentRequired: true,
    });
    const viaPassword = await post(owner, '/api/security/stepup/verify').send({
      purpose: 'DOWNLOAD',
      password: PASSWORD,
    });
    expect(viaPassword.status).toBe(428);
    expect(viaPassword.body.mfaEnrollmentRequired).toBe(true);
  });

  it('a password grant from while the policy was off stops counting when it is switched on', async () => {
    const owner = await signUp(t);
    await setPolicy(owner, { requireMfaForDownloads: false });
    const doc = await upload(owner);
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'DOWNLOAD', password: PASSWORD })
      .expect(200);
    await setPolicy(owner, { requireMfaForDownloads: true });
    expect((await downloadUrl(owner, doc.id)).status).toBe(428);
  });

  it('with TOTP: a DOWNLOAD grant lasts 30 minutes and does not cover SHARE', async () => {
    const owner = await signUp(t);
    const factor = await enrolTotp(t, owner);
    const doc = await upload(owner);
    const asked = await downloadUrl(owner, doc.id);
    expect(asked.status).toBe(428);
    expect(asked.body).toMatchObject({ purpose: 'DOWNLOAD', methods: ['totp', 'recovery_code'] });
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'DOWNLOAD', code: factor.nextCode() })
      .expect(200);
    expect((await downloadUrl(owner, doc.id)).status).toBe(200);
    expect((await share(owner, doc.id)).status).toBe(428);
    t.clock.advance(30 * MINUTE_MS - 1);
    expect((await downloadUrl(owner, doc.id)).status).toBe(200);
    t.clock.advance(1);
    expect((await downloadUrl(owner, doc.id)).status).toBe(428);
  });

  it('another org’s document is 404 for downloads and shares', async () => {
    const owner = await signUp(t);
    await setPolicy(owner, { requireMfaForDownloads: false, requireMfaForShares: false });
    const stranger = await signUp(t);
    const theirs = await upload(stranger);
    expect((await downloadUrl(owner, theirs.id)).status).toBe(404);
    expect((await share(owner, theirs.id)).status).toBe(404);
  });
});

describe('share links', () => {
  it('serve the file publicly until they expire or are revoked', async () => {
    const owner = await signUp(t);
    await setPolicy(owner, { requireMfaForShares: false });
    const doc = await upload(owner, 'public.txt', 'for everyone');
    const res = await share(owner, doc.id, 2);
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^http:\/\/gatehouse\.test\/s\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(res.body.url).pathname;
    const file = await request(t.app).get(path).expect(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.text).toBe('for everyone');
    expect((await owner.agent.get('/api/shares')).body.shares).toMatchObject([
      { id: res.body.shareId, documentId: doc.id, documentName: 'public.txt' },
    ]);
    t.clock.advance(2 * 60 * MINUTE_MS);
    expect((await request(t.app).get(path)).status).toBe(404);

    const second = await share(owner, doc.id);
    await post(owner, `/api/shares/${second.body.shareId}/revoke`).expect(200);
    expect((await request(t.app).get(new URL(second.body.url).pathname)).status).toBe(404);
    expect((await owner.agent.get('/api/shares')).body.shares).toEqual([]);
  });

  it('need MFA when the org says so (the default), and are audited', async () => {
    const owner = await signUp(t);
    const factor = await enrolTotp(t, owner);
    const doc = await upload(owner);
    expect((await share(owner, doc.id)).body).toMatchObject({
      error: 'STEP_UP_REQUIRED',
      purpose: 'SHARE',
    });
    await post(owner, '/api/security/stepup/verify')
      .send({ purpose: 'SHARE', code: factor.nextCode() })
      .expect(200);
    const created = await share(owner, doc.id).expect(201);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'SHARE_CREATED')));
    expect(rows).toMatchObject([{ targetId: doc.id, metadata: { shareId: created.body.shareId } }]);
  });

  it('only the creator or a security admin may revoke a link', async () => {
    const owner = await signUp(t);
    await setPolicy(owner, { requireMfaForShares: false });
    const member = await addMember(t, owner, 'member');
    const colleague = await addMember(t, owner, 'member');
    const admin = await addMember(t, owner, 'admin');
    const doc = await upload(member);
    const one = await share(member, doc.id).expect(201);
    expect((await post(colleague, `/api/shares/${one.body.shareId}/revoke`)).status).toBe(404);
    expect((await colleague.agent.get('/api/shares')).body.shares).toEqual([]);
    expect((await admin.agent.get('/api/shares')).body.shares).toHaveLength(1);
    await post(admin, `/api/shares/${one.body.shareId}/revoke`).expect(200);
    expect((await post(member, `/api/shares/${one.body.shareId}/revoke`)).status).toBe(404);
  });

  it('an unknown or malformed token is a plain 404', async () => {
    expect((await request(t.app).get('/s/nope')).status).toBe(404);
    expect((await request(t.app).get(`/s/${'A'.repeat(43)}`)).status).toBe(404);
  });
});
