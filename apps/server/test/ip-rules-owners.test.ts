import type { AuthResponse } from '@gatehouse/shared';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { alertTypesOf, mailsTo } from './support/alerts.js';
import { createTestApp, type TestApp } from './support/app.js';
import { addRule, get, login, OWNER_IP, stepUp as stepUpRules, write } from './support/ip-rules.js';
import { addMember, type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The admin works from here; the owner from OWNER_IP. */
const ADMIN_IP = '203.0.113.7';

/** Signs `email` in from `ip` (a new session in a new browser). */
async function signInAt(email: string, ip: string): Promise<SignedInAgent> {
  const { agent, pending } = login(t, email, ip);
  const res = await pending;
  expect(res.status).toBe(200);
  const body = res.body as AuthResponse;
  return { agent, csrf: body.csrfToken, body, email };
}

/** An org whose owner works from OWNER_IP, and an admin stepped up for IP rules. */
async function orgWithAdmin() {
  const founder = await signUp(t);
  const admin = await addMember(t, founder, 'admin');
  const owner = await signInAt(founder.email, OWNER_IP);
  await stepUpRules(admin, ADMIN_IP);
  return { owner, admin };
}

const ruleChangeAlerts = async (userId: string) =>
  (await alertTypesOf(t, userId)).filter((type) => type === 'ip_rules_changed');
const ruleChangeMails = async (email: string) =>
  (await mailsTo(t, email)).filter((m) => m.kind === 'alert_ip_rules_changed');

describe('an admin against the owners (409 WOULD_BLOCK_OWNER)', () => {
  it('refuses an allow rule for only the admin’s own address, with force or without', async () => {
    const { owner, admin } = await orgWithAdmin();
    for (const force of [false, true]) {
      const res = await addRule(admin, { action: 'allow', cidr: ADMIN_IP, force }, ADMIN_IP);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        error: 'WOULD_BLOCK_OWNER',
        message:
          'This change would block the owner Owner Person from a network they use. Only an owner can make it.',
        owners: [{ id: owner.body.user.id, name: 'Owner Person' }],
      });
      expect(JSON.stringify(res.body)).not.toContain(OWNER_IP);
    }
    expect((await get(owner, '/api/security/ip-rules')).body.rules).toEqual([]);
    await get(owner, '/api/auth/me').expect(200);
    const refusals = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.actorUserId, admin.body.user.id), eq(auditLogs.action, 'IP_RULE_CREATED')),
      );
    expect(refusals.map((r) => [r.outcome, r.failureReason])).toEqual([
      ['FAIL', 'WOULD_BLOCK_OWNER'],
      ['FAIL', 'WOULD_BLOCK_OWNER'],
    ]);
    expect(await ruleChangeAlerts(owner.body.user.id)).toEqual([]);
  });

  it('protects the address of an owner’s last sign-in when no session of theirs is live', async () => {
    const founder = await signUp(t);
    const admin = await addMember(t, founder, 'admin');
    const home = await signInAt(founder.email, '198.51.100.23');
    await write(home, 'post', '/api/auth/logout', '198.51.100.23').expect(204);
    await write(founder, 'post', '/api/auth/logout').expect(204);
    await stepUpRules(admin, ADMIN_IP);
    const res = await addRule(admin, { action: 'deny', cidr: '198.51.100.0/24' }, ADMIN_IP);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('WOULD_BLOCK_OWNER');
    expect((await login(t, founder.email, '198.51.100.23').pending).status).toBe(200);
  });

  it('refuses deleting the allow rule that lets an owner in; the owner keeps the self-lockout guard', async () => {
    const { owner, admin } = await orgWithAdmin();
    await stepUpRules(owner);
    const office = await addRule(owner, { action: 'allow', cidr: '192.0.2.0/24' }).expect(201);
    await addRule(owner, { action: 'allow', cidr: '203.0.113.0/24' }).expect(201);
    const path = `/api/security/ip-rules/${office.body.rule.id}`;
    for (const suffix of ['', '?force=true']) {
      const res = await write(admin, 'delete', `${path}${suffix}`, ADMIN_IP);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('WOULD_BLOCK_OWNER');
    }
    expect((await get(owner, '/api/security/ip-rules')).body.rules).toHaveLength(2);
    const own = await write(owner, 'delete', path);
    expect(own.status).toBe(409);
    expect(own.body).toMatchObject({ error: 'CONFLICT', reason: 'self_lockout' });
    await write(owner, 'delete', `${path}?force=true`).expect(200);
  });

  it('lets an admin make changes that block no owner; an owner may block another owner', async () => {
    const { owner, admin } = await orgWithAdmin();
    const second = await addMember(t, owner, 'owner');
    await signInAt(second.email, '198.51.100.50');
    const denySecond = { action: 'deny' as const, cidr: '198.51.100.50' };
    const refused = await addRule(admin, denySecond, ADMIN_IP);
    expect(refused.status).toBe(409);
    expect(refused.body.owners).toEqual([{ id: second.body.user.id, name: 'A owner' }]);
    await addRule(admin, { action: 'deny', cidr: '233.252.0.0/24' }, ADMIN_IP).expect(201);
    await stepUpRules(owner);
    await addRule(owner, denySecond).expect(201);
    // An address the rules in force already block is the owners' choice, not this change's doing.
    await addRule(admin, { action: 'deny', cidr: '198.51.100.51' }, ADMIN_IP).expect(201);
  });

  it('the preview names the owners a change would block, and says only an owner may save it', async () => {
    const { owner, admin } = await orgWithAdmin();
    const rules = [{ action: 'allow', cidr: ADMIN_IP }];
    const preview = (who: SignedInAgent, ip: string) =>
      write(who, 'post', '/api/security/ip-rules/preview', ip).send({ rules }).expect(200);
    const asAdmin = (await preview(admin, ADMIN_IP)).body;
    expect(asAdmin).toMatchObject({
      blockedOwners: [{ id: owner.body.user.id, name: 'Owner Person' }],
      needsOwner: true,
      blocksYou: false,
    });
    const asOwner = (await preview(owner, OWNER_IP)).body;
    expect(asOwner).toMatchObject({ needsOwner: false, blocksYou: true });
    expect(asOwner.blockedOwners).toHaveLength(1);
    const harmless = await write(admin, 'post', '/api/security/ip-rules/preview', ADMIN_IP)
      .send({ rules: [{ action: 'deny', cidr: '233.252.0.0/24' }] })
      .expect(200);
    expect(harmless.body).toMatchObject({ blockedOwners: [], needsOwner: false });
  });
});

describe('every rule change is told to the owners', () => {
  it('mails each owner every change, but not the owner who made it', async () => {
    const { owner, admin } = await orgWithAdmin();
    const second = await addMember(t, owner, 'owner');
    const created = await addRule(
      admin,
      { action: 'deny', cidr: '233.252.0.0/24', note: 'abuse' },
      ADMIN_IP,
    ).expect(201);
    await write(admin, 'delete', `/api/security/ip-rules/${created.body.rule.id}`, ADMIN_IP).expect(
      200,
    );
    for (const who of [owner, second]) {
      const mails = await ruleChangeMails(who.email);
      expect(mails.map((m) => m.subject)).toEqual([
        'Security alert: IP rules changed',
        'Security alert: IP rules changed',
      ]);
      expect(mails[0]?.text).toContain('“A admin” added an IP rule: deny 233.252.0.0/24.');
      expect(mails[1]?.text).toContain('“A admin” removed an IP rule: deny 233.252.0.0/24.');
      expect(mails[0]?.text).toContain(ADMIN_IP);
    }
    await stepUpRules(owner);
    await addRule(owner, { action: 'deny', cidr: '233.252.1.0/24' }).expect(201);
    expect(await ruleChangeAlerts(owner.body.user.id)).toHaveLength(2);
    expect(await ruleChangeAlerts(second.body.user.id)).toHaveLength(3);
    const raised = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'ALERT_RAISED')));
    const about = raised.filter(
      (r) => (r.metadata as { type?: string } | null)?.type === 'ip_rules_changed',
    );
    expect(about.map((r) => r.targetId).sort()).toEqual(
      [owner.body.user.id, owner.body.user.id, ...Array(3).fill(second.body.user.id)].sort(),
    );
  });
});
