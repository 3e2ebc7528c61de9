import { asc, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOrgChain } from '../src/audit/verify.js';
import { auditLogs, sessions, users } from '../src/db/schema/index.js';
import { notifyUserChanged } from '../src/identity/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { addMember, PASSWORD, post, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function cookieToken(header: unknown): string {
  const lines = Array.isArray(header) ? header.map(String) : [String(header)];
  return (
    lines
      .find((l) => l.startsWith('gh_session='))
      ?.split(';')[0]
      ?.slice('gh_session='.length) ?? ''
  );
}

describe('secrets never reach logs, audit rows or the sessions table', () => {
  it('after sign-up, sign-in, a failed sign-in, a password change, a new user and sign-out', async () => {
    const newPassword = 'another-long-password-42';
    const memberPassword = PASSWORD;
    const signup = await request(t.app)
      .post('/api/auth/signup')
      .set('Origin', ORIGIN)
      .send({ orgName: 'Secretive', name: 'S', email: 'secrets@example.test', password: PASSWORD });
    const tokens = [cookieToken(signup.headers['set-cookie'])];
    const csrfs = [signup.body.csrfToken as string];
    await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: 'secrets@example.test', password: 'a-wrong-password-1' });
    const owner = await signIn(t, 'secrets@example.test');
    csrfs.push(owner.csrf);
    await addMember(t, owner, 'member');
    await post(owner, '/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword })
      .expect(200);
    await post(owner, '/api/auth/logout').expect(204);
    await t.deps.background.drain();

    const logs = t.logs();
    const audit = JSON.stringify(
      await t.deps.db.select().from(auditLogs).where(eq(auditLogs.orgId, signup.body.org.id)),
    );
    const sessionRows = JSON.stringify(await t.deps.db.execute(sql`select * from sessions`));
    expect(audit).toContain('LOGIN_SUCCESS');
    for (const secret of [
      PASSWORD,
      newPassword,
      memberPassword,
      'a-wrong-password-1',
      ...tokens,
      ...csrfs,
    ]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(logs).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(sessionRows).not.toContain(secret);
    }
  });
});

describe('the audit log', () => {
  it('records who did what, with a gap-free sequence per org and an intact hash chain', async () => {
    const owner = await signUp(t);
    await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: owner.email, password: 'not-the-password' });
    const again = await signIn(t, owner.email);
    await post(again, '/api/auth/logout').expect(204);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id))
      .orderBy(asc(auditLogs.seq));
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['USER_SIGNED_UP', 'SUCCESS'],
      ['LOGIN_FAILURE', 'FAIL'],
      ['LOGIN_SUCCESS', 'SUCCESS'],
      // The sign-in came from another browser than the sign-up: a new-device alert.
      ['ALERT_RAISED', 'SUCCESS'],
      ['LOGOUT', 'SUCCESS'],
    ]);
    expect(rows[1]).toMatchObject({
      failureReason: 'INVALID_CREDENTIALS',
      actorUserId: owner.body.user.id,
    });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, owner.body.org.id)).toMatchObject({
      ok: true,
      checked: 5,
      brokenAt: null,
    });
  });

  it('finds the first altered or missing row', async () => {
    const owner = await signUp(t);
    await signIn(t, owner.email);
    await signIn(t, owner.email);
    const orgId = owner.body.org.id;
    await t.deps.db.execute(
      sql`update audit_logs set metadata = '{"email":"someone-else@example.test"}' where org_id = ${orgId} and seq = 2`,
    );
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId)).toMatchObject({
      ok: false,
      brokenAt: 2,
    });

    const second = await signUp(t);
    await signIn(t, second.email);
    await signIn(t, second.email);
    await t.deps.db.execute(
      sql`delete from audit_logs where org_id = ${second.body.org.id} and seq = 2`,
    );
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, second.body.org.id)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'entry missing',
    });
  });

  it('keeps one unbroken chain under concurrent writes', async () => {
    const owner = await signUp(t);
    // From addresses of their own, so the per-IP limit does not lock the rest of this file out.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(t.app)
          .post('/api/auth/login')
          .set('Origin', ORIGIN)
          .set('X-Forwarded-For', `198.18.0.${i + 1}`)
          .send({ email: owner.email, password: 'wrong-password!' }),
      ),
    );
    const rows = await t.deps.db
      .select({ seq: auditLogs.seq })
      .from(auditLogs)
      .where(eq(auditLogs.orgId, owner.body.org.id))
      .orderBy(asc(auditLogs.seq));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(11);
    expect((await verifyOrgChain(t.deps.db, t.deps.keys.audit, owner.body.org.id)).ok).toBe(true);
  });
});

describe('tenancy and team management', () => {
  it('lists only the caller’s org, and refuses members', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const stranger = await signUp(t);
    const list = await owner.agent.get('/api/admin/users');
    expect(list.status).toBe(200);
    const emails = list.body.users.map((u: { email: string }) => u.email);
    expect(emails).toContain(member.email);
    expect(emails).not.toContain(stranger.email);
    expect(list.body.users.find((u: { email: string }) => u.email === member.email)).toMatchObject({
      role: 'member',
      liveSessions: 1,
      mfaEnabled: false,
      lastSeenAt: expect.any(String),
    });
    expect((await member.agent.get('/api/admin/users')).status).toBe(403);
    // A session that ended is no longer counted, but the user's last activity stays.
    const other = await addMember(t, owner, 'member');
    await post(other, '/api/auth/logout').expect(204);
    const after = await owner.agent.get('/api/admin/users').expect(200);
    expect(after.body.users.find((u: { email: string }) => u.email === other.email)).toMatchObject({
      liveSessions: 0,
      lastSeenAt: other.body.session.createdAt,
    });
    const create = await post(member, '/api/admin/users').send({
      email: 'x@example.test',
      name: 'X',
      role: 'member',
      password: PASSWORD,
    });
    expect(create.status).toBe(403);
  });

  it('lets an admin create members and admins (verified) but not owners', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    await stepUp(admin, 'ROLE_CHANGE');
    const made = await post(admin, '/api/admin/users').send({
      email: 'made-by-admin@example.test',
      name: 'M',
      role: 'admin',
      password: PASSWORD,
    });
    expect(made.status).toBe(201);
    const asOwner = await post(admin, '/api/admin/users').send({
      email: 'would-be-owner@example.test',
      name: 'O',
      role: 'owner',
      password: PASSWORD,
    });
    expect(asOwner.status).toBe(403);
    const audit = await t.deps.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, made.body.user.id));
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ['USER_CREATED', admin.body.user.id],
    ]);
  });

  it('a disabled user’s sessions stop working', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    await t.deps.db
      .update(users)
      .set({ disabledAt: t.clock.now() })
      .where(eq(users.id, member.body.user.id));
    await notifyUserChanged(t.deps.db, member.body.user.id);
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
    const [row] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, member.body.session.id));
    expect(row).toBeDefined();
  });
});
