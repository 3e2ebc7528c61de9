import type {
  AuthenticationOptions,
  PasskeyDTO,
  RegistrationOptions,
  StepUpPurpose,
} from '@gatehouse/shared';
import request from 'supertest';
import { ORIGIN, type TestApp } from './app.js';
import { type Misbehaviour, SoftAuthenticator } from './soft-authenticator.js';

export { ONE_PASSWORD_AAGUID, SoftAuthenticator } from './soft-authenticator.js';

import { post, type SignedInAgent, signUp, stepUp } from './users.js';

/** Adds a passkey through the API like the Security page: step-up, options, the new credential. */
export async function addPasskey(
  who: SignedInAgent,
  authenticator: SoftAuthenticator,
  name?: string,
): Promise<{ passkey: PasskeyDTO; recoveryCodes?: string[] }> {
  await stepUp(who, 'MFA_CHANGE');
  const options = await post(who, '/api/security/passkeys/register/options').expect(200);
  const res = await post(who, '/api/security/passkeys/register/verify').send({
    response: authenticator.register(options.body as RegistrationOptions),
    ...(name ? { name } : {}),
  });
  if (res.status !== 201)
    throw new Error(`adding a passkey failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { passkey: PasskeyDTO; recoveryCodes?: string[] };
}

/** A new org whose owner has one passkey (device-bound unless `synced`), and its recovery codes. */
export async function signUpWithPasskey(t: TestApp, options: { synced?: boolean } = {}) {
  const owner = await signUp(t);
  const authenticator = new SoftAuthenticator(options);
  const { passkey, recoveryCodes } = await addPasskey(owner, authenticator);
  return { owner, authenticator, passkey, recoveryCodes: recoveryCodes ?? [] };
}

/** Signs in with a passkey from a new browser: options, then the assertion. */
export async function passkeySignIn(
  t: TestApp,
  authenticator: SoftAuthenticator,
  bad: Misbehaviour = {},
) {
  const agent = request.agent(t.app);
  const options = await agent.post('/api/auth/passkey/options').set('Origin', ORIGIN).expect(200);
  const res = await agent
    .post('/api/auth/passkey/verify')
    .set('Origin', ORIGIN)
    .send({ response: authenticator.assert(options.body as AuthenticationOptions, bad) });
  return { agent, res, options: options.body as AuthenticationOptions };
}

/** Steps up with a passkey for one purpose; returns the verify answer. */
export async function passkeyStepUp(
  who: SignedInAgent,
  authenticator: SoftAuthenticator,
  purpose: StepUpPurpose,
  bad: Misbehaviour = {},
) {
  const options = await post(who, '/api/security/stepup/options').send({ purpose }).expect(200);
  return post(who, '/api/security/stepup/verify').send({
    purpose,
    passkey: authenticator.assert(options.body as AuthenticationOptions, bad),
  });
}

/** Steps up with a passkey and insists it worked. */
export async function stepUpWithPasskey(
  who: SignedInAgent,
  authenticator: SoftAuthenticator,
  purpose: StepUpPurpose,
): Promise<void> {
  const res = await passkeyStepUp(who, authenticator, purpose);
  if (res.status !== 200)
    throw new Error(`passkey step-up failed: ${res.status} ${JSON.stringify(res.body)}`);
}
