import type { AuthenticationOptions, AuthenticationResponse } from '@gatehouse/shared';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import type { OnFailure } from '../second-factor/verify.js';
import { type PasskeyRow, passkeyByCredentialId, passkeysOf, recordPasskeyUse } from './queries.js';
import { PASSKEY_PROMPT_TIMEOUT_MS, type RelyingParty } from './relying-party.js';
import { invalidPasskey, userHandleOf, webauthnCheck } from './service.js';

/** Assertion options: user verification required; `allow` limits them to a user's passkeys. */
export function assertionOptions(
  rp: RelyingParty,
  allow: PasskeyRow[] | null,
): Promise<AuthenticationOptions> {
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: 'required',
    timeout: PASSKEY_PROMPT_TIMEOUT_MS,
    ...(allow
      ? { allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports })) }
      : {}),
  });
}

export async function allowedPasskeys(db: Executor, userId: string): Promise<PasskeyRow[]> {
  return passkeysOf(db, userId);
}

/** The stored passkey an assertion names, or undefined (an unknown credential id). */
export function passkeyOfAssertion(
  db: Executor,
  response: AuthenticationResponse,
): Promise<PasskeyRow | undefined> {
  return passkeyByCredentialId(db, response.id);
}

/** A discoverable credential's user handle must be the one we stored for its owner. */
export function assertUserHandle(response: AuthenticationResponse, passkey: PasskeyRow): void {
  const handle = response.response.userHandle;
  if (handle === undefined) return;
  if (handle !== isoBase64URL.fromBuffer(userHandleOf(passkey.userId))) throw invalidPasskey();
}

export interface AssertionContext {
  now: Date;
  onFailure: OnFailure;
  /**
   * Told of a copied authenticator (a counter that went back): run in the refusal's failure
   * transaction; the use case hands the user over to its failure reaction, which raises the alert.
   */
  counterRegressed: (failures: Executor, userId: string) => Promise<void>;
}

/**
 * Verifies a passkey's signature over a challenge `expectedChallenge` accepts (and spends), with
 * user verification, on our origin and RP ID. The counter is checked here rather than by the
 * library: a synced passkey may legitimately report 0 or repeat, a device-bound one going
 * backwards was probably copied — that raises an alert (kept after the refusal) and is refused.
 */
export async function verifyAssertion(
  db: Executor,
  rp: RelyingParty,
  input: {
    response: AuthenticationResponse;
    passkey: PasskeyRow;
    expectedChallenge: (challenge: string) => Promise<boolean>;
  },
  context: AssertionContext,
): Promise<PasskeyRow> {
  const { passkey, response } = input;
  const { now } = context;
  const verification = await webauthnCheck(() =>
    verifyAuthenticationResponse({
      response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      // The stored counter is compared below, where a synced credential can be told apart.
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: 0,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    }),
  );
  if (!verification.verified) throw invalidPasskey();
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  const wentBack = (newCounter > 0 || passkey.counter > 0) && newCounter <= passkey.counter;
  const synced = passkey.deviceType === 'multiDevice';
  if (wentBack && !synced) {
    context.onFailure((failures) => context.counterRegressed(failures, passkey.userId));
    throw invalidPasskey('This passkey was refused: it may have been copied');
  }
  const rising = newCounter > passkey.counter;
  const counter = rising ? newCounter : passkey.counter;
  const use = { counter, rising, backedUp: credentialBackedUp, now };
  if (!(await recordPasskeyUse(db, passkey.id, use))) throw invalidPasskey();
  return { ...passkey, counter, backedUp: credentialBackedUp, lastUsedAt: now };
}

export const unknownPasskey = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'This passkey is not registered with Gatehouse');
