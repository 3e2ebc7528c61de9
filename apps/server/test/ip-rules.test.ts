import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { addMember, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

import {
  addRule,
  get,
  login as loginAt,
  OWNER_IP,
  ownerWithMember as ownerAndMember,
  stepUp,
  write,
} from './support/ip-rules.js';

const login = (email: string, ip: string, password?: string) => loginAt(t, email, ip, password);
const ownerWithMember = () => ownerAndMember(t);

describe('managing IP rules', () => {
  it('needs SETTINGS_SECURITY_EDIT; another org sees none of it', async () => {
    const { owner, member } = await ownerWithMember();
    expect((await get(member, '/api/security/ip-rules')).status).toBe(403);
    expect((await addRule(member, { action: 'deny', cidr: '203.0.113.0/24' })).status).toBe(403);
    const admin = await addMember(t, owner, 'admin');
    expect((await get(admin, '/api/security/ip-rules')).body).toEqual({
      rules: [],
      yourIp: OWNER_IP,
    });
    const created = await addRule(owner, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    const id = created.body.rule.id as string;
    const stranger = await signUp(t);
    await stepUp(stranger);
    expect((await get(stranger, '/api/security/ip-rules')).body.rules).toEqual([]);
    const foreign = await write(stranger, 'delete', `/api/security/ip-rules/${id}`);
    expect(foreign.status).toBe(404);
    expect((await get(owner, '/api/security/ip-rules')).body.rules).toHaveLength(1);
  });

  it('writes only after step-up, canonicalises the range and audits the rule', async () => {
    const owner = await signUp(t);
    const refused = await addRule(owner, { action: 'deny', cidr: '203.0.113.77/24' });
    expect(refused.status).toBe(428);
    expect(refused.body.purpose).toBe('IP_RULE_CHANGE');
    await stepUp(owner);
    const res = await addRule(owner, {
      action: 'deny',
      cidr: '203.0.113.77/24',
      note: 'abuse',
    }).expect(201);
    expect(res.body.rules).toEqual([
      expect.objectContaining({
        action: 'deny',
        cidr: '203.0.113.0/24',
        note: 'abuse',
        createdBy: expect.objectContaining({ email: owner.email }),
      }),
    ]);
    expect(res.body.yourIp).toBe(OWNER_IP);
    const dup = await addRule(owner, { action: 'deny', cidr: '203.0.113.0/24' });
    expect(dup.status).toBe(409);
    for (const cidr of ['example.com', '10.0.0.0/33', '127.1', '']) {
      const bad = await addRule(owner, { action: 'deny', cidr });
      expect(bad.status, cidr).toBe(422);
      expect(bad.body.error).toBe('VALIDATION_FAILED');
    }
    expect((await addRule(owner, { action: 'block' as 'deny', cidr: '1.2.3.4' })).status).toBe(422);
    const id = res.body.rule.id as string;
    await write(owner, 'delete', `/api/security/ip-rules/${id}`).expect(200);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.targetId, id)));
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['IP_RULE_CREATED', 'SUCCESS'],
      ['IP_RULE_DELETED', 'SUCCESS'],
    ]);
    expect(rows[0]?.after).toEqual({ action: 'deny', cidr: '203.0.113.0/24', note: 'abuse' });
    expect(rows[1]?.before).toEqual({ action: 'deny', cidr: '203.0.113.0/24', note: 'abuse' });
    expect((await write(owner, 'delete', `/api/security/ip-rules/${id}`)).status).toBe(404);
  });
});

describe('sign-in from a blocked address', () => {
  it('matches IPv4, IPv6 and IPv4-mapped addresses; audited as a failed sign-in', async () => {
    const { owner, member } = await ownerWithMember();
    await addRule(owner, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    await addRule(owner, { action: 'deny', cidr: '2001:db8::/32' }).expect(201);
    for (const ip of ['203.0.113.5', '::ffff:203.0.113.5', '2001:db8:0:1::7']) {
      const res = await login(member.email, ip).pending;
      expect(res.status, ip).toBe(403);
      expect(res.body).toMatchObject({ error: 'IP_BLOCKED' });
    }
    // A wrong password from a blocked address learns nothing about the rules.
    expect((await login(member.email, '203.0.113.5', 'wrong-password').pending).status).toBe(401);
    expect((await login(member.email, '2001:db9::1').pending).status).toBe(200);
    expect((await login(member.email, '198.51.100.1').pending).status).toBe(200);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.actorUserId, member.body.user.id), eq(auditLogs.action, 'LOGIN_FAILURE')),
      );
    expect(rows.filter((r) => r.failureReason === 'IP_BLOCKED')).toHaveLength(3);
    expect(rows.every((r) => r.outcome === 'FAIL')).toBe(true);
  });

  it('lets only matches in once an allow rule exists; deny still wins', async () => {
    const { owner, member } = await ownerWithMember();
    await addRule(owner, { action: 'allow', cidr: '192.0.2.0/24' }).expect(201);
    await addRule(owner, { action: 'deny', cidr: '192.0.2.66' }).expect(201);
    expect((await login(member.email, '192.0.2.200').pending).status).toBe(200);
    expect((await login(member.email, '198.51.100.1').pending).status).toBe(403);
    expect((await login(member.email, '2001:db8::1').pending).status).toBe(403);
    expect((await login(member.email, '192.0.2.66').pending).status).toBe(403);
  });
});

describe('the self-lockout guard', () => {
  it('refuses a rule that blocks the caller with 409 and yourIp, unless force', async () => {
    const owner = await signUp(t);
    await stepUp(owner);
    const refused = await addRule(owner, { action: 'allow', cidr: '198.51.100.0/24' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: 'CONFLICT',
      reason: 'self_lockout',
      yourIp: OWNER_IP,
    });
    const denyMe = await addRule(owner, { action: 'deny', cidr: '192.0.2.0/28' });
    expect(denyMe.status).toBe(409);
    expect((await get(owner, '/api/security/ip-rules')).body.rules).toEqual([]);
    const forced = await addRule(owner, {
      action: 'allow',
      cidr: '198.51.100.0/24',
      force: true,
    }).expect(201);
    // The caller is now outside the rules: refused, but not signed out.
    const blocked = await get(owner, '/api/auth/me');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ error: 'IP_BLOCKED', ip: OWNER_IP });
    await get(owner, '/api/auth/me', '198.51.100.20').expect(200);
    // Deleting the only allow rule from inside the range is fine; from the range, removing a
    // rule that lets you in while another allow remains is a lockout.
    await stepUp(owner, '198.51.100.20');
    await addRule(owner, { action: 'allow', cidr: '203.0.113.0/24' }, '198.51.100.20').expect(201);
    const id = forced.body.rule.id as string;
    const path = `/api/security/ip-rules/${id}`;
    const lockout = await write(owner, 'delete', path, '198.51.100.20');
    expect(lockout.status).toBe(409);
    expect(lockout.body.yourIp).toBe('198.51.100.20');
    await write(owner, 'delete', `${path}?force=true`, '198.51.100.20').expect(200);
    expect((await get(owner, '/api/auth/me', '198.51.100.20')).status).toBe(403);
    await get(owner, '/api/auth/me', '203.0.113.9').expect(200);
  });
});

describe('an existing session on a blocked network', () => {
  it('is refused on its next request, can still sign out, and works again from an allowed one', async () => {
    const { owner, member } = await ownerWithMember();
    await get(member, '/api/auth/me', '203.0.113.40').expect(200);
    await addRule(owner, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    const refused = await get(member, '/api/auth/me', '203.0.113.40');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'IP_BLOCKED', ip: '203.0.113.40' });
    expect((await get(member, '/api/security/sessions', '203.0.113.40')).status).toBe(403);
    await get(member, '/api/auth/me', '198.51.100.40').expect(200);
    // Deleting the rule is heard at once (NOTIFY): the blocked address works again.
    const [rule] = (await get(owner, '/api/security/ip-rules')).body.rules as { id: string }[];
    await write(owner, 'delete', `/api/security/ip-rules/${rule?.id}`).expect(200);
    await get(member, '/api/auth/me', '203.0.113.40').expect(200);
    await addRule(owner, { action: 'deny', cidr: '203.0.113.40' }).expect(201);
    await write(member, 'post', '/api/auth/logout', '203.0.113.40').expect(204);
    expect((await get(member, '/api/auth/me', '198.51.100.40')).status).toBe(401);
  });

  it('leaves other orgs alone', async () => {
    const { owner } = await ownerWithMember();
    await addRule(owner, { action: 'deny', cidr: '203.0.113.0/24' }).expect(201);
    const other = await signUp(t);
    await get(other, '/api/auth/me', '203.0.113.1').expect(200);
  });
});
