import type { AuditEntryDTO, AuditListResponse } from '@gatehouse/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditRowInput, appendAuditRows } from '../src/audit/chain.js';
import { auditChainOf } from '../src/http/route-steps.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
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

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DAY_MS = 24 * 60 * 60 * 1000;

async function list(who: SignedInAgent, query = ''): Promise<AuditListResponse> {
  const res = await who.agent.get(`/api/audit${query ? `?${query}` : ''}`);
  if (res.status !== 200) throw new Error(`audit list: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as AuditListResponse;
}
const actions = (page: AuditListResponse) => page.items.map((e) => e.action);

/** Volume for paging: `count` rows appended to the org's chain by the real appender. */
async function appendEntries(orgId: string, count: number, action: AuditRowInput['action']) {
  const row: AuditRowInput = {
    orgId,
    action,
    outcome: 'SUCCESS',
    actorUserId: null,
    realUserId: null,
    isImpersonating: false,
    targetType: null,
    targetId: null,
    ip: null,
    userAgent: null,
    country: null,
    city: null,
    failureReason: null,
    before: null,
    after: null,
    metadata: null,
  };
  await t.deps.db.transaction((tx) =>
    appendAuditRows(
      tx,
      Array.from({ length: count }, () => row),
      t.clock.now(),
      auditChainOf(t.deps),
    ),
  );
}

describe('GET /api/audit', () => {
  it('lists the org’s entries newest first, in words, with who, where, which device and the change', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ requireMfaForDownloads: false }).expect(200);
    await stepUp(owner, 'IP_RULE_CHANGE');
    await post(owner, '/api/security/ip-rules')
      .send({ action: 'deny', cidr: '203.0.113.0/24', note: 'scrapers' })
      .expect(201);
    await signIn(t, member.email, PASSWORD, IPHONE);

    const page = await list(owner);
    expect(page.items.map((e) => e.seq)).toEqual(
      [...page.items.map((e) => e.seq)].sort((a, b) => b - a),
    );
    // The newest sign-in (a new-device alert for it may be newer still).
    const signIn_ = page.items.find((e) => e.action === 'LOGIN_SUCCESS');
    expect(signIn_).toMatchObject({
      action: 'LOGIN_SUCCESS',
      actionLabel: 'Signed in',
      outcome: 'SUCCESS',
      actor: { id: member.body.user.id, name: 'A member', email: member.email },
      device: { label: 'Safari on iPhone', type: 'mobile' },
      realUser: null,
      apiToken: null,
    });
    expect(page.items.find((e) => e.action === 'ORG_SECURITY_UPDATED')).toMatchObject({
      actionLabel: 'Organisation security settings changed',
      actor: { id: owner.body.user.id, email: owner.email },
      before: { requireMfaForDownloads: true },
      after: { requireMfaForDownloads: false },
    });
    expect(page.items.find((e) => e.action === 'IP_RULE_CREATED')).toMatchObject({
      target: { type: 'ip_rule', label: '203.0.113.0/24' },
      after: { action: 'deny', cidr: '203.0.113.0/24', note: 'scrapers' },
    });
    expect(page.items.find((e) => e.action === 'USER_CREATED')).toMatchObject({
      target: { type: 'user', id: member.body.user.id, label: `A member (${member.email})` },
    });
    expect(actions(page)).toContain('USER_SIGNED_UP');
  });

  it('names the administrator behind an impersonated entry and the token behind a script’s', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const token = await createToken(owner, ['sessions:read', 'sessions:write', 'audit:read'], {
      name: 'Nightly sweep',
    });
    await bearer(t, token.secret).post('/api/admin/sessions/cleanup').expect(200);
    await stepUp(admin, 'IMPERSONATION');
    await post(admin, `/api/impersonate/${member.body.user.id}`)
      .send({ reason: 'Customer asked for help with sharing' })
      .expect(200);
    await admin.agent.get('/api/documents').expect(200);
    // The support session's reads are one entry, written when it ends.
    await admin.agent.post('/api/impersonate/exit').set('Origin', ORIGIN).expect(200);

    const impersonated = await list(owner, 'impersonation=true');
    expect(impersonated.items.length).toBeGreaterThan(0);
    for (const entry of impersonated.items)
      expect(entry).toMatchObject({
        isImpersonating: true,
        actor: { id: member.body.user.id },
        realUser: { id: admin.body.user.id, name: 'A admin' },
      });
    const cleanup = await list(owner, 'action=SESSIONS_CLEANED_UP');
    expect(cleanup.items[0]).toMatchObject({
      actor: null,
      apiToken: { id: token.token.id, name: 'Nightly sweep' },
    });
    // The token reads the log too: it has audit:read.
    const byToken = await bearer(t, token.secret).get('/api/audit?limit=5').expect(200);
    expect(byToken.body.items).toHaveLength(5);
  });

  it('filters by action (one or several), outcome, actor, target, impersonation and dates', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const memberId = member.body.user.id;
    await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .send({ email: member.email, password: 'wrong-password-123' })
      .expect(401);
    t.clock.advance(2 * DAY_MS);
    await signIn(t, member.email);
    const everything = await list(owner, 'limit=200');

    const failed = await list(owner, 'outcome=FAIL');
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((e) => e.outcome === 'FAIL')).toBe(true);
    expect(actions(failed)).toContain('LOGIN_FAILURE');
    expect(failed.items.find((e) => e.action === 'LOGIN_FAILURE')?.failureReason).toBeTruthy();

    const created = await list(owner, 'action=USER_CREATED');
    expect(actions(created)).toEqual(['USER_CREATED']);
    expect(created.items[0]?.target?.id).toBe(memberId);

    const several = await list(owner, 'action=USER_CREATED&action=USER_SIGNED_UP');
    expect(actions(several)).toEqual(['USER_CREATED', 'USER_SIGNED_UP']);
    expect(actions(await list(owner, 'action=USER_CREATED,USER_SIGNED_UP'))).toEqual(
      actions(several),
    );

    const byMember = await list(owner, `actorUserId=${memberId}`);
    expect(byMember.items.length).toBeGreaterThan(0);
    expect(byMember.items.every((e) => e.actor?.id === memberId)).toBe(true);
    const aboutMember = await list(owner, `targetId=${memberId}`);
    expect(aboutMember.items.every((e) => e.target?.id === memberId)).toBe(true);
    expect(actions(aboutMember)).toContain('USER_CREATED');

    expect((await list(owner, 'impersonation=true')).items).toHaveLength(0);
    expect((await list(owner, 'impersonation=false&limit=200')).items).toHaveLength(
      everything.items.length,
    );

    const split = new Date(t.clock.now().getTime() - DAY_MS).toISOString();
    const recent = await list(owner, `from=${encodeURIComponent(split)}&limit=200`);
    const older = await list(owner, `to=${encodeURIComponent(split)}&limit=200`);
    expect(recent.items.length + older.items.length).toBe(everything.items.length);
    expect(recent.items.every((e) => e.at >= split)).toBe(true);
    expect(older.items.every((e) => e.at < split)).toBe(true);
    expect(actions(recent)).toContain('LOGIN_SUCCESS');
    const today = t.clock.now().toISOString().slice(0, 10);
    expect((await list(owner, `from=${today}&to=${today}&limit=200`)).items).toHaveLength(
      recent.items.filter((e) => e.at.startsWith(today)).length,
    );
  });

  it('pages by cursor: every entry exactly once while new entries keep arriving', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    await appendEntries(orgId, 45, 'DOCUMENT_DOWNLOADED');
    const before = await list(owner, 'limit=200');
    const seen: AuditEntryDTO[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(owner, `limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      // Someone keeps working meanwhile: newer entries, which belong before the first page.
      await appendEntries(orgId, 3, 'DOCUMENT_UPLOADED');
    } while (cursor);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.map((e) => e.id)).toEqual(before.items.map((e) => e.id));

    // With an action filter (and several), paging holds the same way.
    const filtered: string[] = [];
    cursor = null;
    do {
      const page = await list(
        owner,
        `action=DOCUMENT_DOWNLOADED&action=USER_SIGNED_UP&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      filtered.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      await appendEntries(orgId, 2, 'DOCUMENT_DOWNLOADED');
    } while (cursor);
    expect(filtered).toEqual(
      before.items
        .filter((e) => e.action === 'DOCUMENT_DOWNLOADED' || e.action === 'USER_SIGNED_UP')
        .map((e) => e.id),
    );
  });

  it('shows an org only its own entries, whatever cursor it is handed', async () => {
    const acme = await signUp(t);
    const globex = await signUp(t);
    await appendEntries(globex.body.org.id, 30, 'DOCUMENT_DOWNLOADED');
    const globexPage = await list(globex, 'limit=5');
    const acmeEntries = await list(acme, 'limit=200');
    expect(acmeEntries.items.map((e) => e.action)).not.toContain('DOCUMENT_DOWNLOADED');
    const withTheirCursor = await list(acme, `cursor=${globexPage.nextCursor}`);
    expect(withTheirCursor.items.every((e) => acmeEntries.items.some((a) => a.id === e.id))).toBe(
      true,
    );
    // Another org's user id or target finds nothing here.
    expect((await list(acme, `actorUserId=${globex.body.user.id}`)).items).toHaveLength(0);
    expect((await list(acme, `targetId=${globex.body.user.id}`)).items).toHaveLength(0);
  });
});

describe('who may read the audit log', () => {
  it('needs AUDIT_VIEW: an admin may, a member may not', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await admin.agent.get('/api/audit').expect(200);
    const refused = await member.agent.get('/api/audit');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('FORBIDDEN');
    expect((await request(t.app).get('/api/audit')).status).toBe(401);
  });

  it('refuses an administrator impersonating a member (the member’s permissions apply)', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    await stepUp(admin, 'IMPERSONATION');
    await post(admin, `/api/impersonate/${member.body.user.id}`)
      .send({ reason: 'Customer asked for help with sharing' })
      .expect(200);
    expect((await admin.agent.get('/api/audit')).status).toBe(403);
  });

  it('takes an API token with audit:read and refuses one without it', async () => {
    const owner = await signUp(t);
    const reader = await createToken(owner, ['audit:read'], { name: 'SIEM' });
    const other = await createToken(owner, ['sessions:read'], { name: 'Dashboards' });
    const page = await bearer(t, reader.secret).get('/api/audit').expect(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    const refused = await bearer(t, other.secret).get('/api/audit');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('INSUFFICIENT_SCOPE');
  });
});

describe('bad queries', () => {
  it('answers 422 VALIDATION_FAILED naming the parameter, never 500', async () => {
    const owner = await signUp(t);
    const bad = [
      ['action=NOT_AN_ACTION', 'action'],
      ['action=LOGIN_SUCCESS&action=nope', 'action'],
      ['outcome=MAYBE', 'outcome'],
      ['actorUserId=not-a-uuid', 'actorUserId'],
      ['impersonation=yes', 'impersonation'],
      ['from=yesterday', 'from'],
      ['to=2026-13-45', 'to'],
      ['from=2026-12-02&to=2026-12-01', 'to'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=not*a*cursor', 'cursor'],
      [`cursor=${Buffer.from('seq:abc').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('2026-01-01|x').toString('base64url')}`, 'cursor'],
      [`targetId=${'x'.repeat(201)}`, 'targetId'],
    ] as const;
    for (const [query, path] of bad) {
      const res = await owner.agent.get(`/api/audit?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      const paths: string[] = res.body.issues.map((i: { path: string }) => i.path.split('.')[0]);
      expect(paths, query).toContain(path);
    }
  });
});
