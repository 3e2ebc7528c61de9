import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, sessions } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  addMember,
  PASSWORD,
  patch,
  post,
  type SignedInAgent,
  signIn,
  signUp,
} from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;

async function stepUp(owner: SignedInAgent, purpose: string) {
  await post(owner, '/api/security/stepup/verify')
    .send({ purpose, password: PASSWORD })
    .expect(200);
}

const patchSettings = (who: SignedInAgent, body: unknown) =>
  patch(who, '/api/org/security').send(body as object);

describe('GET /api/org/security: the session policy', () => {
  it('shows Standard by default with its effective values, bounds and presets', async () => {
    const owner = await signUp(t);
    const res = await owner.agent.get('/api/org/security').expect(200);
    expect(res.body.sessionPolicy).toEqual({
      preset: 'standard',
      idleMinutes: null,
      absoluteMinutes: null,
      effective: { idleMinutes: 10_080, absoluteMinutes: 43_200 },
      bounds: {
        idleMinutes: { min: 5, max: 43_200 },
        absoluteMinutes: { min: 60, max: 129_600 },
        maxSessionsPerUser: { min: 1, max: 100 },
      },
      presets: {
        strict: { idleMinutes: 30, absoluteMinutes: 720 },
        standard: { idleMinutes: 10_080, absoluteMinutes: 43_200 },
      },
    });
    expect(res.body.maxSessionsPerUser).toBe(5);
  });

  it('lists users with a live session, with their count, last sign-in and the caller marked', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    t.clock.advance(MINUTE_MS);
    await signIn(t, member.email);
    const idle = await addMember(t, owner, 'member');
    await post(idle, '/api/auth/logout').expect(204);
    const res = await owner.agent.get('/api/org/security').expect(200);
    expect(res.body.activeUsers).toEqual([
      {
        id: member.body.user.id,
        name: 'A member',
        email: member.email,
        lastSignInAt: t.clock.now().toISOString(),
        liveSessions: 2,
        isYou: false,
      },
      expect.objectContaining({ id: owner.body.user.id, liveSessions: 1, isYou: true }),
    ]);
  });
});

describe('PATCH /api/org/security: the session policy', () => {
  const cases: [string, Record<string, unknown>, number, string | null][] = [
    ['strict preset', { preset: 'strict' }, 200, null],
    [
      'custom within bounds',
      { preset: 'custom', idleMinutes: 60, absoluteMinutes: 600 },
      200,
      null,
    ],
    ['idle at its lower bound', { preset: 'custom', idleMinutes: 5 }, 200, null],
    ['idle below its bound', { preset: 'custom', idleMinutes: 4 }, 422, 'idleMinutes'],
    [
      'idle above its bound',
      { preset: 'custom', idleMinutes: 43_201, absoluteMinutes: 129_600 },
      422,
      'idleMinutes',
    ],
    ['idle not whole', { preset: 'custom', idleMinutes: 30.5 }, 422, 'idleMinutes'],
    [
      'absolute at its bounds',
      { preset: 'custom', idleMinutes: 60, absoluteMinutes: 60 },
      200,
      null,
    ],
    ['absolute below its bound', { preset: 'custom', absoluteMinutes: 59 }, 422, 'absoluteMinutes'],
    [
      'absolute above its bound',
      { preset: 'custom', absoluteMinutes: 129_601 },
      422,
      'absoluteMinutes',
    ],
    [
      'idle longer than absolute',
      { preset: 'custom', idleMinutes: 600, absoluteMinutes: 300 },
      422,
      'idleMinutes',
    ],
    [
      'idle 43 200 with absolute null (Strict 720)',
      { preset: 'custom', idleMinutes: 43_200, absoluteMinutes: null },
      422,
      'idleMinutes',
    ],
    [
      'idle 43 200 with absolute 129 600',
      { preset: 'custom', idleMinutes: 43_200, absoluteMinutes: 129_600 },
      200,
      null,
    ],
    [
      'overrides stored under standard do not count',
      { preset: 'standard', idleMinutes: 600, absoluteMinutes: 300 },
      200,
      null,
    ],
    ['max sessions 1', { maxSessionsPerUser: 1 }, 200, null],
    ['max sessions 100', { maxSessionsPerUser: 100 }, 200, null],
    ['max sessions 0', { maxSessionsPerUser: 0 }, 422, 'maxSessionsPerUser'],
    ['max sessions 101', { maxSessionsPerUser: 101 }, 422, 'maxSessionsPerUser'],
    ['unknown preset', { preset: 'lax' }, 422, 'preset'],
    ['a string for minutes', { preset: 'custom', idleMinutes: '60' }, 422, 'idleMinutes'],
  ];

  for (const [name, body, status, path] of cases) {
    it(`${name} → ${status}${path ? ` naming ${path}` : ''}`, async () => {
      const owner = await signUp(t);
      await stepUp(owner, 'ORG_SECURITY_CHANGE');
      const res = await patchSettings(owner, body);
      expect(res.status).toBe(status);
      if (path) {
        expect(res.body.error).toBe('VALIDATION_FAILED');
        expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
      }
    });
  }

  it('checks the invariant against what is stored: clearing absolute under a long idle is refused', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patchSettings(owner, {
      preset: 'custom',
      idleMinutes: 2_000,
      absoluteMinutes: 5_000,
    }).expect(200);
    const res = await patchSettings(owner, { absoluteMinutes: null });
    expect(res.status).toBe(422);
    expect(res.body.issues[0].path).toBe('idleMinutes');
    const cleared = await patchSettings(owner, { idleMinutes: null, absoluteMinutes: null }).expect(
      200,
    );
    expect(cleared.body.sessionPolicy.effective).toEqual({ idleMinutes: 30, absoluteMinutes: 720 });
  });

  it('applies at the next sign-in, and writes one audit row with old, new and effective values', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    const res = await patchSettings(owner, {
      preset: 'custom',
      idleMinutes: 45,
      absoluteMinutes: 240,
    }).expect(200);
    expect(res.body.appliesAt).toBe('next_sign_in');
    const [current] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, owner.body.session.id));
    expect(current?.absoluteExpiresAt.getTime()).toBe(
      new Date(owner.body.session.createdAt).getTime() + 43_200 * MINUTE_MS,
    );
    const next = await signIn(t, owner.email);
    const now = t.clock.now().getTime();
    expect(next.body.session.idleExpiresAt).toBe(new Date(now + 45 * MINUTE_MS).toISOString());
    expect(next.body.session.absoluteExpiresAt).toBe(new Date(now + 240 * MINUTE_MS).toISOString());
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'ORG_SECURITY_UPDATED')),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      before: {
        preset: 'standard',
        idleMinutes: null,
        absoluteMinutes: null,
        effective: { idleMinutes: 10_080, absoluteMinutes: 43_200 },
      },
      after: {
        preset: 'custom',
        idleMinutes: 45,
        absoluteMinutes: 240,
        effective: { idleMinutes: 45, absoluteMinutes: 240 },
      },
    });
  });

  it('a new max sessions per user bounds the next sign-in', async () => {
    const owner = await signUp(t);
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patchSettings(owner, { maxSessionsPerUser: 1 }).expect(200);
    await signIn(t, owner.email);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(401);
  });
});

describe('POST /api/org/security/revoke-sessions', () => {
  it('"others" signs out everyone but this session, and says how many', async () => {
    const owner = await signUp(t);
    const laptop = await signIn(t, owner.email);
    const admin = await addMember(t, owner, 'admin');
    const member = await addMember(t, owner, 'member');
    const stranger = await signUp(t);
    // Adding the admin was verified (ROLE_CHANGE): past its 5-minute organisation-settings window.
    t.clock.advance(5 * 60_000 + 1000);
    expect(
      (await post(owner, '/api/org/security/revoke-sessions').send({ scope: 'others' })).status,
    ).toBe(428);
    await stepUp(owner, 'ORG_SESSIONS_REVOKE');
    const res = await post(owner, '/api/org/security/revoke-sessions').send({ scope: 'others' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 3 });
    for (const gone of [laptop, admin, member]) {
      const me = await gone.agent.get('/api/auth/me');
      expect(me.status).toBe(401);
      expect(me.body.reason).toBe('session_revoked');
    }
    await owner.agent.get('/api/auth/me').expect(200);
    await stranger.agent.get('/api/auth/me').expect(200);
    const rows = await t.deps.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.orgId, owner.body.org.id), eq(auditLogs.action, 'ORG_SESSIONS_REVOKED')),
      );
    expect(rows).toMatchObject([{ outcome: 'SUCCESS', metadata: { scope: 'others', revoked: 3 } }]);
  });

  it('"all" includes the caller and clears the cookie; admins may not call it', async () => {
    const owner = await signUp(t);
    const admin = await addMember(t, owner, 'admin');
    expect(
      (await post(admin, '/api/org/security/revoke-sessions').send({ scope: 'all' })).status,
    ).toBe(403);
    await stepUp(owner, 'ORG_SESSIONS_REVOKE');
    const res = await post(owner, '/api/org/security/revoke-sessions').send({ scope: 'all' });
    expect(res.body).toEqual({ revoked: 2 });
    expect([res.headers['set-cookie'] ?? []].flat().join(';')).toMatch(/gh_session=;/);
    expect((await owner.agent.get('/api/auth/me')).status).toBe(401);
    expect(
      (await post(owner, '/api/org/security/revoke-sessions').send({ scope: 'nobody' })).status,
    ).toBe(401);
  });
});
