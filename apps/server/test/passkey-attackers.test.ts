import { API_TOKEN_SCOPES } from '@gatehouse/shared';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passkeys } from '../src/db/schema/index.js';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { impersonate, team } from './support/impersonation.js';
import { addPasskey, SoftAuthenticator } from './support/passkeys.js';
import { patch, post, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const passkeysOf = async (userId: string) =>
  (
    await t.deps.db
      .select({ n: count() })
      .from(passkeys)
      .where(and(eq(passkeys.userId, userId)))
  )[0]?.n;

describe('passkeys against those who must not touch them', () => {
  it('refuses an impersonating administrator every passkey change, even in full mode', async () => {
    const { owner, admin, member } = await team(t);
    const { passkey } = await addPasskey(member, new SoftAuthenticator(), 'Maya’s laptop');
    await stepUp(owner, 'ORG_SECURITY_CHANGE');
    await patch(owner, '/api/org/security').send({ impersonationMode: 'full' }).expect(200);
    await impersonate(admin, member.body.user.id);
    const attempts = {
      add: post(admin, '/api/security/passkeys/register/options'),
      verify: post(admin, '/api/security/passkeys/register/verify').send({ response: {} }),
      rename: patch(admin, `/api/security/passkeys/${passkey.id}`).send({ name: 'mine now' }),
      remove: admin.agent
        .delete(`/api/security/passkeys/${passkey.id}`)
        .set('Origin', ORIGIN)
        .set('X-CSRF-Token', admin.csrf),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      const res = await attempt;
      expect(res.status, what).toBe(403);
      expect(res.body.error, what).toBe('IMPERSONATION_READ_ONLY');
    }
    expect(await passkeysOf(member.body.user.id)).toBe(1);
    // The support session may still see them: reads are allowed (and counted).
    const listed = await admin.agent.get('/api/security/passkeys').expect(200);
    expect(listed.body.passkeys.map((p: { name: string }) => p.name)).toEqual(['Maya’s laptop']);
  });

  it('refuses an API token, whatever its scopes, on every passkey route', async () => {
    const { owner } = await team(t);
    const { secret } = await createToken(owner, [...API_TOKEN_SCOPES]);
    const { passkey } = await addPasskey(owner, new SoftAuthenticator());
    const script = bearer(t, secret);
    const attempts = {
      list: script.get('/api/security/passkeys'),
      add: script.post('/api/security/passkeys/register/options'),
      remove: script.delete(`/api/security/passkeys/${passkey.id}`),
      stepUp: script.post('/api/security/stepup/options').send({ purpose: 'MFA_CHANGE' }),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      expect((await attempt).status, what).toBe(403);
    }
    expect(await passkeysOf(owner.body.user.id)).toBe(1);
  });

  it('refuses another org’s administrator another org’s passkey (not found, nothing removed)', async () => {
    const { member } = await team(t);
    const { passkey } = await addPasskey(member, new SoftAuthenticator());
    const { owner: stranger } = await team(t);
    await stepUp(stranger, 'MFA_CHANGE');
    const rename = await patch(stranger, `/api/security/passkeys/${passkey.id}`).send({
      name: 'taken',
    });
    expect(rename.status).toBe(404);
    const removed = await stranger.agent
      .delete(`/api/security/passkeys/${passkey.id}`)
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', stranger.csrf);
    expect(removed.status).toBe(404);
    expect(await passkeysOf(member.body.user.id)).toBe(1);
  });
});
