import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { asText } from './support/audit.js';
import {
  PASSWORD,
  post,
  type SignedInAgent,
  signUp,
  stepUp,
  uniqueEmail,
} from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** RFC 4180, as a spreadsheet reads it: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

async function csvOf(who: SignedInAgent, query = '') {
  const res = await asText(who.agent.get(`/api/audit/export?format=csv${query}`));
  expect(res.status).toBe(200);
  return parseCsv(String(res.body));
}

describe('the CSV export in words (issue 20, item 9)', () => {
  it('names the actor and the target with their emails, and says the action and the failure in words', async () => {
    const owner = await signUp(t);
    const email = uniqueEmail('maya');
    await post(owner, '/api/admin/users')
      .send({ email, name: 'Maya Member', role: 'member', password: PASSWORD })
      .expect(201);
    const created = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email, password: 'not-the-password' });
    expect(created.status).toBe(401);
    const member = (await owner.agent.get('/api/admin/users').expect(200)).body.users.find(
      (u: { email: string }) => u.email === email,
    );
    await stepUp(owner, 'FORCE_LOGOUT');
    await post(owner, `/api/users/${member.id}/force-logout`).expect(200);

    const rows = await csvOf(owner);
    const forced = rows.find((r) => r.action === 'FORCE_LOGOUT');
    expect(forced).toMatchObject({
      actionLabel: expect.any(String),
      actorUserId: owner.body.user.id,
      actorName: 'Owner Person',
      actorEmail: owner.email,
      targetType: 'user',
      targetId: member.id,
      targetName: 'Maya Member',
      targetEmail: email,
      outcome: 'SUCCESS',
      failureReason: '',
      failureReasonLabel: '',
    });
    expect(forced?.actionLabel).not.toBe('FORCE_LOGOUT');
    const failed = rows.find((r) => r.action === 'LOGIN_FAILURE');
    expect(failed).toMatchObject({
      outcome: 'FAIL',
      failureReason: 'INVALID_CREDENTIALS',
      failureReasonLabel: 'Wrong email or password',
    });
    // A refused action reads as a refusal, not "Password changed" plus FAIL.
    await post(owner, '/api/auth/password')
      .send({ currentPassword: 'not-the-password', newPassword: 'another-long-passphrase-9' })
      .expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));
    const refused = (await csvOf(owner)).find(
      (r) => r.action === 'PASSWORD_CHANGED' && r.outcome === 'FAIL',
    );
    expect(refused?.actionLabel).toBe('Password change refused');
  });

  it('keeps a formula-like name as text in the name column', async () => {
    const owner = await signUp(t);
    const email = uniqueEmail('formula');
    await post(owner, '/api/admin/users')
      .send({
        email,
        name: '=HYPERLINK("http://evil.test","x")',
        role: 'member',
        password: PASSWORD,
      })
      .expect(201);
    const res = await asText(owner.agent.get('/api/audit/export?format=csv'));
    const text = String(res.body);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.test"",""x"")",${email},`);
    // Nowhere a cell may begin (after a delimiter, past spaces and quotes) does the formula start.
    expect(text).not.toMatch(/(^|[,;\t\r\n])[ "]*=HYPERLINK/m);
    const created = parseCsv(text).find((r) => r.action === 'USER_CREATED');
    expect(created?.targetName).toBe(`'=HYPERLINK("http://evil.test","x")`);
  });
});
