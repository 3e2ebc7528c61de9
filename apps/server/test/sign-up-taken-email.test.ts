import { authResponseSchema, type DevMailResponse } from '@gatehouse/shared';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orglessAuditEvents, users } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { PASSWORD, randomAddress, signIn, signUp, uniqueEmail } from './support/users.js';

/** SMTP configured (the server need not be up: mail waits in the outbox). */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: testConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }) });
});
afterAll(async () => {
  await t.close();
});

function signUpAs(app: TestApp, email: string, password = 'another-strong-passphrase-9') {
  return request
    .agent(app.app)
    .post('/api/auth/signup')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', randomAddress())
    .send({ orgName: 'Copycat Ltd', name: 'Someone Else', email, password });
}

describe('sign-up with an email that has an account, SMTP configured', () => {
  it('answers like a new sign-up, creates nothing and mails the owner', async () => {
    const owner = await signUp(t);
    const fresh = await signUpAs(t, uniqueEmail('fresh'));
    const taken = await signUpAs(t, owner.email.toUpperCase());
    expect(taken.status).toBe(201);
    expect(taken.status).toBe(fresh.status);
    expect(() => authResponseSchema.parse(taken.body)).not.toThrow();
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.body.user.role).toBe(fresh.body.user.role);
    expect(taken.body.user.permissions).toEqual(fresh.body.user.permissions);
    expect(String(taken.headers['set-cookie'])).toMatch(/gh_session=/);

    // No session for whoever sent it: its cookie opens nothing.
    const cookie = String(taken.headers['set-cookie']).split(';')[0] ?? '';
    const me = await request(t.app).get('/api/auth/me').set('Cookie', cookie);
    expect(me.status).toBe(401);
    // Nothing created, nothing changed: one account with that email, its password intact.
    const [count] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(sql`lower(${users.email})`, owner.email));
    expect(count?.n).toBe(1);
    await signIn(t, owner.email, PASSWORD);

    const mail = await request(t.app).get('/api/dev/mail').expect(200);
    // (The sign-in above, from another browser, mails a new-device alert of its own.)
    const toOwner = (mail.body as DevMailResponse).messages.filter(
      (m) => m.to === owner.email && !m.kind.startsWith('alert'),
    );
    expect(toOwner).toEqual([
      expect.objectContaining({
        kind: 'sign_up_attempt',
        subject: 'Someone tried to sign up to Gatehouse with your email',
      }),
    ]);
    // An anonymous attempt belongs to no org: it is kept with the other org-less events.
    const audited = await t.deps.db
      .select()
      .from(orglessAuditEvents)
      .where(eq(orglessAuditEvents.targetId, owner.body.user.id));
    expect(audited.map((r) => r.action)).toContain('SIGN_UP_EMAIL_TAKEN');
  });

  it('refuses a weak password exactly as a new sign-up would', async () => {
    const owner = await signUp(t);
    const fresh = await signUpAs(t, uniqueEmail('fresh'), 'password1234');
    const taken = await signUpAs(t, owner.email, 'password1234');
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual(fresh.body);
  });
});

describe('without SMTP', () => {
  it('keeps answering 409: there is no mail to tell the real owner', async () => {
    const plain = await createTestApp({ handle: t.handle });
    try {
      const owner = await signUp(plain);
      const res = await signUpAs(plain, owner.email);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('CONFLICT');
    } finally {
      await plain.close();
    }
  });
});
