import type { RegistrationOptions } from '@gatehouse/shared';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, sessions } from '../src/db/schema/index.js';
import { alertTypesOf } from './support/alerts.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  addPasskey,
  passkeySignIn,
  SoftAuthenticator,
  stepUpWithPasskey,
} from './support/passkeys.js';
import { enrolTotp } from './support/totp.js';
import { patch, post, signIn, signUp, stepUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const auditOf = (orgId: string, action: string) =>
  t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, action)));

describe('adding a passkey', () => {
  it('needs a fresh MFA_CHANGE step-up, then lists it with its provider and state', async () => {
    const owner = await signUp(t);
    const refused = await post(owner, '/api/security/passkeys/register/options');
    expect(refused.status).toBe(428);
    expect(refused.body).toMatchObject({ purpose: 'MFA_CHANGE', methods: ['password'] });

    const added = await addPasskey(owner, new SoftAuthenticator(), 'Work laptop');
    expect(added.passkey).toEqual({
      id: expect.any(String),
      name: 'Work laptop',
      provider: '1Password',
      createdAt: t.clock.now().toISOString(),
      lastUsedAt: null,
      backedUp: false,
    });
    const list = await owner.agent.get('/api/security/passkeys').expect(200);
    expect(list.body).toEqual({ passkeys: [added.passkey] });
    const [row] = await auditOf(owner.body.org.id, 'PASSKEY_ADDED');
    expect(row).toMatchObject({
      outcome: 'SUCCESS',
      metadata: { credential: added.passkey.id, name: 'Work laptop', provider: '1Password' },
    });
    expect(await alertTypesOf(t, owner.body.user.id)).toContain('passkey_added');
  });

  it('hands out recovery codes with the first factor, none when TOTP is already on', async () => {
    const alone = await signUp(t);
    expect((await addPasskey(alone, new SoftAuthenticator())).recoveryCodes).toHaveLength(10);
    const withTotp = await signUp(t);
    const totp = await enrolTotp(t, withTotp);
    await stepUp(withTotp, 'MFA_CHANGE', { code: totp.nextCode() });
    const options = await post(withTotp, '/api/security/passkeys/register/options').expect(200);
    const res = await post(withTotp, '/api/security/passkeys/register/verify')
      .send({ response: new SoftAuthenticator().register(options.body as RegistrationOptions) })
      .expect(201);
    expect(res.body.recoveryCodes).toBeUndefined();
    expect(res.body.passkey.name).toBe('1Password');
  });

  it('names a synced passkey as synced', async () => {
    const owner = await signUp(t);
    const { passkey } = await addPasskey(owner, new SoftAuthenticator({ synced: true }));
    expect(passkey.backedUp).toBe(true);
  });

  it('refuses a credential registered before, by the same user or another', async () => {
    const owner = await signUp(t);
    const other = await signUp(t);
    const authenticator = new SoftAuthenticator();
    await stepUp(owner, 'MFA_CHANGE');
    const first = await post(owner, '/api/security/passkeys/register/options').expect(200);
    const response = authenticator.register(first.body as RegistrationOptions);
    await post(owner, '/api/security/passkeys/register/verify').send({ response }).expect(201);
    // The new factor ended older grants: the next change is verified with the passkey.
    await stepUpWithPasskey(owner, authenticator, 'MFA_CHANGE');
    // The same credential again, over a fresh challenge: the server refuses the id it knows.
    const second = await post(owner, '/api/security/passkeys/register/options').expect(200);
    const credential = authenticator.credentials[0];
    if (!credential) throw new Error('no credential');
    const again = replay(response, (second.body as RegistrationOptions).challenge);
    const res = await post(owner, '/api/security/passkeys/register/verify').send({
      response: again,
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('CONFLICT');
    // The options exclude the credential the user has, so a real authenticator would not try.
    expect(second.body.excludeCredentials).toEqual([
      expect.objectContaining({ id: credential.id.toString('base64url') }),
    ]);
    await stepUp(other, 'MFA_CHANGE');
    const theirs = await post(other, '/api/security/passkeys/register/options').expect(200);
    const stolen = await post(other, '/api/security/passkeys/register/verify').send({
      response: replay(response, (theirs.body as RegistrationOptions).challenge),
    });
    expect(stolen.status).toBe(409);
  });

  it('refuses a replayed answer, an expired challenge and another origin', async () => {
    const owner = await signUp(t);
    const authenticator = new SoftAuthenticator();
    await stepUp(owner, 'MFA_CHANGE');
    const options = await post(owner, '/api/security/passkeys/register/options').expect(200);
    const response = authenticator.register(options.body as RegistrationOptions);
    await post(owner, '/api/security/passkeys/register/verify').send({ response }).expect(201);
    await stepUpWithPasskey(owner, authenticator, 'MFA_CHANGE');
    const replayed = await post(owner, '/api/security/passkeys/register/verify').send({ response });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error).toBe('INVALID_PASSKEY');

    const late = await post(owner, '/api/security/passkeys/register/options').expect(200);
    t.clock.advance(5 * 60_000 + 1);
    await stepUpWithPasskey(owner, authenticator, 'MFA_CHANGE');
    const expired = await post(owner, '/api/security/passkeys/register/verify').send({
      response: new SoftAuthenticator().register(late.body as RegistrationOptions),
    });
    expect(expired.body.error).toBe('INVALID_PASSKEY');

    const phished = await post(owner, '/api/security/passkeys/register/options').expect(200);
    const elsewhere = await post(owner, '/api/security/passkeys/register/verify').send({
      response: new SoftAuthenticator().register(phished.body as RegistrationOptions, {
        origin: 'https://gatehouse.example.evil',
      }),
    });
    expect(elsewhere.body.error).toBe('INVALID_PASSKEY');
    const noUv = await post(owner, '/api/security/passkeys/register/options').expect(200);
    const unverified = await post(owner, '/api/security/passkeys/register/verify').send({
      response: new SoftAuthenticator().register(noUv.body as RegistrationOptions, {
        userVerified: false,
      }),
    });
    expect(unverified.body.error).toBe('INVALID_PASSKEY');
    const list = await owner.agent.get('/api/security/passkeys').expect(200);
    expect(list.body.passkeys).toHaveLength(1);
  });

  it('refuses a challenge issued to another session of the same user', async () => {
    const owner = await signUp(t);
    const laptop = await signIn(t, owner.email);
    await stepUp(owner, 'MFA_CHANGE');
    await stepUp(laptop, 'MFA_CHANGE');
    const options = await post(owner, '/api/security/passkeys/register/options').expect(200);
    const res = await post(laptop, '/api/security/passkeys/register/verify').send({
      response: new SoftAuthenticator().register(options.body as RegistrationOptions),
    });
    expect(res.body.error).toBe('INVALID_PASSKEY');
  });
});

describe('renaming and removing a passkey', () => {
  it('renames one of your own (audited), and another user’s is not found', async () => {
    const owner = await signUp(t);
    const other = await signUp(t);
    const { passkey } = await addPasskey(owner, new SoftAuthenticator());
    const res = await patch(owner, `/api/security/passkeys/${passkey.id}`)
      .send({ name: 'Phone' })
      .expect(200);
    expect(res.body.passkey.name).toBe('Phone');
    const [row] = await auditOf(owner.body.org.id, 'PASSKEY_RENAMED');
    expect(row).toMatchObject({ before: { name: '1Password' }, after: { name: 'Phone' } });
    expect(
      (await patch(other, `/api/security/passkeys/${passkey.id}`).send({ name: 'Mine' })).status,
    ).toBe(404);
  });

  it('removes behind step-up; another user’s is not found', async () => {
    const owner = await signUp(t);
    const other = await signUp(t);
    const authenticator = new SoftAuthenticator();
    const { passkey } = await addPasskey(owner, authenticator);
    const del = (who: typeof owner) =>
      who.agent
        .delete(`/api/security/passkeys/${passkey.id}`)
        .set('Origin', 'http://gatehouse.test')
        .set('X-CSRF-Token', who.csrf);
    // Adding the passkey ended the grants made before it: removal asks again, passkey first.
    const asked = await del(owner);
    expect(asked.status).toBe(428);
    expect(asked.body.methods).toEqual(['passkey', 'recovery_code']);
    await stepUp(other, 'MFA_CHANGE');
    expect((await del(other)).status).toBe(404);
    await stepUpWithPasskey(owner, authenticator, 'MFA_CHANGE');
    expect((await del(owner)).status).toBe(204);
    expect((await owner.agent.get('/api/security/passkeys')).body.passkeys).toEqual([]);
    const [row] = await auditOf(owner.body.org.id, 'PASSKEY_REMOVED');
    expect(row).toMatchObject({ outcome: 'SUCCESS', metadata: { credential: passkey.id } });
    expect(await alertTypesOf(t, owner.body.user.id)).toContain('passkey_removed');
    // The last factor gone, the recovery codes went with it: the password is back for step-up.
    const asked2 = await post(owner, '/api/security/sessions/revoke-others');
    expect(asked2.body.methods).toEqual(['password']);
  });
});

describe('signing in with a passkey', () => {
  it('signs in without a password and counts as two factors: no code for a TOTP account', async () => {
    const owner = await signUp(t);
    const totp = await enrolTotp(t, owner);
    await stepUp(owner, 'MFA_CHANGE', { code: totp.nextCode() });
    const authenticator = new SoftAuthenticator();
    const options = await post(owner, '/api/security/passkeys/register/options').expect(200);
    await post(owner, '/api/security/passkeys/register/verify')
      .send({ response: authenticator.register(options.body as RegistrationOptions) })
      .expect(201);
    const { res, agent } = await passkeySignIn(t, authenticator);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(owner.email);
    const [session] = await t.deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, res.body.session.id));
    expect(session?.authMethods).toEqual(['passkey']);
    expect(session?.mfaAt).not.toBeNull();
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    const used = await auditOf(owner.body.org.id, 'PASSKEY_USED');
    expect(used).toEqual([
      expect.objectContaining({
        outcome: 'SUCCESS',
        metadata: expect.objectContaining({ context: 'sign_in' }),
      }),
    ]);
    const list = await owner.agent.get('/api/security/passkeys').expect(200);
    expect(list.body.passkeys[0].lastUsedAt).toBe(t.clock.now().toISOString());
  });
});

/** The same credential answering another challenge (its registration signed anew). */
function replay<R extends { response: { clientDataJSON: string } }>(
  response: R,
  challenge: string,
): R {
  const clientData = JSON.parse(
    Buffer.from(response.response.clientDataJSON, 'base64url').toString(),
  );
  const clientDataJSON = Buffer.from(JSON.stringify({ ...clientData, challenge })).toString(
    'base64url',
  );
  return { ...response, response: { ...response.response, clientDataJSON } };
}
