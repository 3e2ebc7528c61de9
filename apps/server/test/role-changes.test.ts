import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityAlerts } from '../src/db/schema/index.js';
import { alertTypesOf, mailsTo } from './support/alerts.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  auditRows,
  endedOf,
  heardBy,
  impersonate,
  orgWithTwoOwners,
  supportSessionIds,
} from './support/containment.js';
import { addMember, patch, type SignedInAgent, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const change = (who: SignedInAgent, target: SignedInAgent, body: object) =>
  patch(who, `/api/admin/users/${target.body.user.id}`).send(body);

describe('PATCH /api/admin/users/:id', () => {
  it('changes a role behind step-up ROLE_CHANGE, returns the user, audits it and tells the other owners', async () => {
    const { coOwner, member, ...org } = await orgWithTwoOwners(t);
    // A session of the owner's that has not verified anything yet (a stolen cookie).
    const owner = await signIn(t, org.owner.email);
    expect((await change(owner, member, { role: 'admin' })).status).toBe(428);
    await stepUp(owner, 'ROLE_CHANGE');
    const res = await change(owner, member, { role: 'admin' }).expect(200);
    expect(res.body.user).toMatchObject({
      id: member.body.user.id,
      role: 'admin',
      disabled: false,
    });
    const [row] = await auditRows(t, owner.body.org.id, 'ROLE_CHANGED');
    expect(row).toMatchObject({
      outcome: 'SUCCESS',
      actorUserId: owner.body.user.id,
      targetId: member.body.user.id,
      before: { role: 'member' },
      after: { role: 'admin' },
    });
    expect(await alertTypesOf(t, coOwner.body.user.id)).toContain('role_changed');
    // No owner is told of their own act.
    expect(await alertTypesOf(t, owner.body.user.id)).not.toContain('role_changed');
    const mail = (await mailsTo(t, coOwner.email)).find(
      (m) => m.kind === 'notice_role_changed' && m.text.includes('changed the role'),
    );
    expect(mail?.text).toContain(
      `changed the role of A member (${member.email}) from member to admin`,
    );
    expect(mail?.text).toContain('http://gatehouse.test/admin/users');
    expect(mail?.text).not.toContain('this-wasnt-me');
  });

  it('refuses a compromised admin acting against an owner: no promotion to owner, no demoting or disabling one', async () => {
    const { owner, admin, member } = await orgWithTwoOwners(t);
    await stepUp(admin, 'ROLE_CHANGE');
    for (const [target, body] of [
      [member, { role: 'owner' }],
      [owner, { role: 'member' }],
      [owner, { disabled: true }],
      [admin, { role: 'owner' }],
    ] as const) {
      const res = await change(admin, target, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
    }
    expect((await owner.agent.get('/api/auth/me')).body.user.role).toBe('owner');
    // Refused before step-up: a stolen cookie learns nothing from a 428.
    const fresh = await signIn(t, admin.email);
    expect((await change(fresh, owner, { disabled: true })).status).toBe(403);
  });

  it('refuses members, another org’s user (404), a support session, and a change of nothing (409)', async () => {
    const { owner, admin, member } = await orgWithTwoOwners(t);
    const stranger = await signUp(t);
    await stepUp(owner, 'ROLE_CHANGE');
    expect((await change(member, admin, { role: 'member' })).status).toBe(403);
    expect((await change(owner, stranger, { role: 'member' })).status).toBe(404);
    expect((await change(owner, member, { role: 'member', disabled: false })).status).toBe(409);
    expect((await change(owner, member, {})).status).toBe(422);
    // The owner's support session as the admin (who may edit the team) may still not do this.
    const helper = await signIn(t, owner.email);
    await impersonate(helper, admin.body.user.id);
    const res = await patch(helper, `/api/admin/users/${member.body.user.id}`).send({
      role: 'admin',
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('IMPERSONATION_READ_ONLY');
    // An API token, whatever its scopes, never reaches a browser route.
    const { secret } = await createToken(owner, ['users:read', 'sessions:write']);
    const scripted = await request(t.app)
      .patch(`/api/admin/users/${member.body.user.id}`)
      .set('Authorization', `Bearer ${secret}`)
      .send({ role: 'admin' });
    expect(scripted.status).toBe(403);
    expect((await member.agent.get('/api/auth/me')).body.user.role).toBe('member');
  });

  it('keeps an active owner: the last one cannot demote or disable themselves (409 LAST_OWNER)', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'ROLE_CHANGE');
    for (const body of [{ role: 'admin' }, { disabled: true }]) {
      const res = await change(owner, owner, body);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('LAST_OWNER');
    }
    const second = await addMember(t, owner, 'owner');
    await change(owner, owner, { role: 'admin' }).expect(200);
    await stepUp(second, 'ROLE_CHANGE');
    expect((await change(second, second, { disabled: true })).body.error).toBe('LAST_OWNER');
  });

  it('lets only one of two owners demoting each other at once succeed', async () => {
    const owner = await signUp(t);
    const second = await addMember(t, owner, 'owner');
    await stepUp(owner, 'ROLE_CHANGE');
    await stepUp(second, 'ROLE_CHANGE');
    const results = await Promise.all([
      change(owner, second, { role: 'admin' }),
      change(second, owner, { role: 'admin' }),
    ]);
    // The loser was demoted first (401: signed out) or found itself the last owner (409).
    expect(results.map((r) => r.status).sort()).toContainEqual(200);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const roles = await Promise.all(
      [owner, second].map(async (who) => (await signIn(t, who.email)).body.user.role),
    );
    expect(roles.sort()).toEqual(['admin', 'owner']);
  });
});

describe('demotion', () => {
  it('ends all the demoted admin’s access, on their very next request on every instance', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const { owner, admin, member } = await orgWithTwoOwners(t);
      const cookie = String(
        admin.agent.jar
          .getCookie('gh_session', { domain: '127.0.0.1', path: '/', secure: false, script: false })
          ?.toValueString(),
      );
      const there = () => request(other.app).get('/api/admin/users').set('Cookie', cookie);
      expect((await there()).status).toBe(200); // cached on the other instance as an admin
      const helper = await signIn(t, admin.email);
      await impersonate(helper, member.body.user.id);
      await stepUp(owner, 'ROLE_CHANGE');
      const epoch = other.deps.sessionCache.currentEpoch;
      await change(owner, admin, { role: 'member' }).expect(200);
      await heardBy(other, epoch);
      const refused = await there();
      expect(refused.status).toBe(401);
      expect(refused.body.reason).toBe('forced_logout');
      expect((await helper.agent.get('/api/auth/me')).status).toBe(401);
      const [row] = await auditRows(t, owner.body.org.id, 'ROLE_CHANGED');
      const ended = endedOf(row);
      expect(ended.sessions.count).toBe(2);
      expect(ended.supportSessions.ids).toEqual(await supportSessionIds(t, admin.body.user.id));
      // Signing in again works, with a member's permissions.
      const back = await signIn(t, admin.email);
      expect((await back.agent.get('/api/admin/users')).status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('revokes the API tokens a demoted owner created; a promotion takes effect at once', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const { owner, coOwner, member } = await orgWithTwoOwners(t);
      const { secret } = await createToken(coOwner, ['users:read']);
      await bearer(other, secret).get('/api/admin/users').expect(200);
      await stepUp(owner, 'ROLE_CHANGE');
      let epoch = other.deps.sessionCache.currentEpoch;
      await change(owner, coOwner, { role: 'admin' }).expect(200);
      await heardBy(other, epoch);
      expect((await bearer(other, secret).get('/api/admin/users')).body.reason).toBe(
        'token_revoked',
      );
      const memberThere = (path: string) =>
        request(other.app)
          .get(path)
          .set(
            'Cookie',
            String(
              member.agent.jar
                .getCookie('gh_session', {
                  domain: '127.0.0.1',
                  path: '/',
                  secure: false,
                  script: false,
                })
                ?.toValueString(),
            ),
          );
      expect((await memberThere('/api/admin/users')).status).toBe(403);
      epoch = other.deps.sessionCache.currentEpoch;
      await change(owner, member, { role: 'admin' }).expect(200);
      await heardBy(other, epoch);
      expect((await memberThere('/api/admin/users')).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('disabling and enabling', () => {
  it('disabling ends all access and sign-in; enabling restores sign-in only', async () => {
    const { owner, coOwner, admin } = await orgWithTwoOwners(t);
    const { secret } = await createToken(coOwner, ['users:read']);
    await stepUp(owner, 'ROLE_CHANGE');
    const res = await change(owner, coOwner, { disabled: true }).expect(200);
    expect(res.body.user).toMatchObject({ disabled: true, liveSessions: 0, role: 'owner' });
    expect((await coOwner.agent.get('/api/auth/me')).body.reason).toBe('forced_logout');
    expect((await bearer(t, secret).get('/api/admin/users')).status).toBe(401);
    await expect(signIn(t, coOwner.email)).rejects.toThrow(/login failed: 401/);
    const [disabled] = await auditRows(t, owner.body.org.id, 'USER_DISABLED');
    expect(disabled?.metadata).toMatchObject({ disabled: true, ended: { apiKeys: { count: 1 } } });
    expect(await auditRows(t, owner.body.org.id, 'ROLE_CHANGED')).toEqual([]);
    const adminAlerts = await t.deps.db
      .select()
      .from(securityAlerts)
      .where(eq(securityAlerts.userId, admin.body.user.id));
    expect(adminAlerts).toEqual([]); // owners are told, not admins

    await change(owner, coOwner, { disabled: false }).expect(200);
    const back = await signIn(t, coOwner.email);
    expect(back.body.user.role).toBe('owner');
    expect((await bearer(t, secret).get('/api/admin/users')).status).toBe(401);
    expect(await auditRows(t, owner.body.org.id, 'USER_ENABLED')).toHaveLength(1);
  });
});
