import { createUserResponseSchema } from '@gatehouse/shared';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index.js';
import { alertTypesOf, mailsTo } from './support/alerts.js';
import { createTestApp, type TestApp } from './support/app.js';
import { auditRows, orgWithTwoOwners } from './support/containment.js';
import { PASSWORD, post, signIn, signUp, stepUp, uniqueEmail } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const newUser = (role: string, email = uniqueEmail(role)) => ({
  email,
  name: 'New Person',
  role,
  password: PASSWORD,
});

describe('creating a user who holds power', () => {
  it('needs step-up ROLE_CHANGE for an admin or an owner (a stolen cookie cannot mint one), not for a member', async () => {
    const { owner, coOwner } = await orgWithTwoOwners(t);
    const stolen = await signIn(t, owner.email);
    for (const role of ['admin', 'owner']) {
      const res = await post(stolen, '/api/admin/users').send(newUser(role));
      expect(res.status, role).toBe(428);
      expect(res.body).toMatchObject({ error: 'STEP_UP_REQUIRED', purpose: 'ROLE_CHANGE' });
    }
    await post(stolen, '/api/admin/users').send(newUser('member')).expect(201);
    await stepUp(stolen, 'ROLE_CHANGE');
    const made = await post(stolen, '/api/admin/users').send(newUser('admin')).expect(201);
    // The other owner hears of it; the one who did it does not.
    const mail = (await mailsTo(t, coOwner.email)).find((m) =>
      m.text.includes(made.body.user.email),
    );
    expect(mail).toMatchObject({ kind: 'notice_role_changed' });
    expect(mail?.text).toContain('as admin');
    expect(await alertTypesOf(t, owner.body.user.id)).not.toContain('role_changed');
  });

  it('refuses an admin creating an owner before any step-up (403, not 428)', async () => {
    const { admin } = await orgWithTwoOwners(t);
    const fresh = await signIn(t, admin.email);
    const res = await post(fresh, '/api/admin/users').send(newUser('owner'));
    expect(res.status).toBe(403);
  });
});

describe('an email that has an account', () => {
  it('is answered as a new one (status and shape), creates nothing and names no org', async () => {
    const elsewhere = await signUp(t, { orgName: 'Hidden Holdings' });
    const { owner } = await orgWithTwoOwners(t);
    const fresh = await post(owner, '/api/admin/users').send(newUser('member')).expect(201);
    const taken = await post(owner, '/api/admin/users').send({
      ...newUser('member', elsewhere.email.toUpperCase()),
    });
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body)).toEqual(Object.keys(fresh.body));
    expect(Object.keys(taken.body.user).sort()).toEqual(Object.keys(fresh.body.user).sort());
    expect(createUserResponseSchema.parse(taken.body).user).toMatchObject({
      email: elsewhere.email,
      role: 'member',
      disabled: false,
      liveSessions: 0,
    });
    expect(taken.body.user.id).not.toBe(elsewhere.body.user.id);
    expect(JSON.stringify(taken.body)).not.toContain('Hidden Holdings');
    expect(JSON.stringify(taken.body)).not.toContain(elsewhere.body.org.id);
    const holders = await t.deps.db
      .select({ orgId: users.orgId })
      .from(users)
      .where(eq(sql`lower(${users.email})`, elsewhere.email));
    expect(holders).toEqual([{ orgId: elsewhere.body.org.id }]);
    // The address's holder is told; the attempt is on the record of the org that made it.
    const [mail] = (await mailsTo(t, elsewhere.email)).filter((m) => m.kind === 'team_email_taken');
    expect(mail?.text).toContain('nothing was created');
    const [row] = await auditRows(t, owner.body.org.id, 'USER_CREATE_EMAIL_TAKEN');
    expect(row).toMatchObject({ outcome: 'SUCCESS', targetId: null });
    expect(await auditRows(t, elsewhere.body.org.id, 'USER_CREATE_EMAIL_TAKEN')).toEqual([]);
  });

  it('is answered the same within the org too, and for an admin or owner role after step-up', async () => {
    const { owner, member } = await orgWithTwoOwners(t);
    await stepUp(owner, 'ROLE_CHANGE');
    const res = await post(owner, '/api/admin/users').send(newUser('admin', member.email));
    expect(res.status).toBe(201);
    expect((await member.agent.get('/api/auth/me')).body.user.role).toBe('member');
  });
});
