import type {
  AuthenticationOptions,
  AuthenticationResponse,
  StepUpPurpose,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import {
  type AssertionContext,
  allowedPasskeys,
  assertionOptions,
  assertUserHandle,
  passkeyOfAssertion,
  unknownPasskey,
  verifyAssertion,
} from './assertion.js';
import { boundToBrowser, boundToSession, keepChallenge, spendsChallenge } from './challenges.js';
import type { PasskeyRow } from './queries.js';
import type { RelyingParty } from './relying-party.js';
import { invalidPasskey } from './service.js';

/** Step-up options: the user's own passkeys, a challenge for this session and this purpose. */
export async function stepUpOptions(
  db: Executor,
  rp: RelyingParty,
  auth: AuthContext,
  purpose: StepUpPurpose,
  now: Date,
): Promise<AuthenticationOptions> {
  const allow = await allowedPasskeys(db, auth.user.id);
  if (allow.length === 0) throw new AppError('CONFLICT', 'You have no passkey yet');
  const options = await assertionOptions(rp, allow);
  const boundTo = boundToSession(auth.session.id);
  const challenge = { kind: 'step_up' as const, userId: auth.user.id, boundTo, purpose };
  await keepChallenge(db, { ...challenge, challenge: options.challenge }, now);
  return options;
}

/**
 * A step-up answered with a passkey: one of the user's own (another user's credential is
 * refused), over the challenge issued to this session for this purpose.
 */
export async function verifyStepUpPasskey(
  db: Executor,
  rp: RelyingParty,
  auth: AuthContext,
  input: { purpose: StepUpPurpose; response: AuthenticationResponse },
  context: AssertionContext,
): Promise<PasskeyRow> {
  const passkey = await passkeyOfAssertion(db, input.response);
  if (!passkey || passkey.userId !== auth.user.id) throw invalidPasskey();
  const expectedChallenge = spendsChallenge(
    db,
    {
      kind: 'step_up',
      boundTo: [boundToSession(auth.session.id)],
      purpose: input.purpose,
      userId: auth.user.id,
    },
    context.now,
  );
  return verifyAssertion(db, rp, { response: input.response, passkey, expectedChallenge }, context);
}

/** Sign-in options: any discoverable credential; the challenge is bound to this browser. */
export async function signInOptions(
  db: Executor,
  rp: RelyingParty,
  deviceIdHash: string,
  now: Date,
): Promise<AuthenticationOptions> {
  const options = await assertionOptions(rp, null);
  const challenge = {
    kind: 'sign_in' as const,
    userId: null,
    boundTo: boundToBrowser(deviceIdHash),
  };
  await keepChallenge(db, { ...challenge, challenge: options.challenge }, now);
  return options;
}

/** The passkey a sign-in names, before its signature is checked (so throttles can run first). */
export async function signInPasskey(
  db: Executor,
  response: AuthenticationResponse,
): Promise<PasskeyRow> {
  const passkey = await passkeyOfAssertion(db, response);
  if (!passkey) throw unknownPasskey();
  assertUserHandle(response, passkey);
  return passkey;
}

/** Checks a sign-in assertion against the challenge this browser was given. */
export function verifySignInPasskey(
  db: Executor,
  rp: RelyingParty,
  input: { response: AuthenticationResponse; passkey: PasskeyRow; deviceIdHashes: string[] },
  context: AssertionContext,
): Promise<PasskeyRow> {
  const expectedChallenge = spendsChallenge(
    db,
    { kind: 'sign_in', boundTo: input.deviceIdHashes.map(boundToBrowser) },
    context.now,
  );
  return verifyAssertion(
    db,
    rp,
    { response: input.response, passkey: input.passkey, expectedChallenge },
    context,
  );
}
