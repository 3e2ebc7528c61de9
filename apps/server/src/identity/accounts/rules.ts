import { weakPasswordReason } from '../../core/passwords.js';
import type { Executor } from '../../db/client.js';
import { AppError, notFound } from '../../http/errors.js';
import { assertMayActOn, type Refusals } from '../../http/may-act-on.js';
import { isTokenAuth, type Principal } from '../../http/principal.js';
import type { VerifyParty } from '../second-factor/verify.js';
import { knownDeviceHash, memberOfOrg } from './queries.js';

/** 422 naming the field when a new password is too guessable. */
export function refuseWeakPassword(password: string, path: string, userInputs: string[]): void {
  const reason = weakPasswordReason(password, userInputs);
  if (reason)
    throw new AppError('VALIDATION_FAILED', reason, { issues: [{ path, message: reason }] });
}

/**
 * Whose code attempts these are (decision 021): a browser that signed in to the account before
 * has a lock of its own; every other browser is a stranger, sharing one.
 */
export async function browserParty(
  db: Executor,
  userId: string,
  deviceIdHashes: string[],
): Promise<VerifyParty> {
  const knownDevice = await knownDeviceHash(db, { userId }, deviceIdHashes);
  return knownDevice ? { knownDevice } : 'stranger';
}

/**
 * The user an admin (or a token) acts on: in their org (else 404), then the shared policy
 * (`mayActOn`, packages/shared): not themselves (409), and never an owner when the admin is not
 * one (403, DESIGN §6).
 */
export async function actionableMember(
  db: Executor,
  auth: Principal,
  userId: string,
  action: 'FORCE_LOGOUT' | 'IMPERSONATE',
  refusals?: Refusals,
) {
  const target = await memberOfOrg(db, userId, auth.org.id);
  if (!target) throw notFound('User');
  // A token acts as the org: any member is its to sign out.
  if (isTokenAuth(auth)) return target;
  assertMayActOn(auth, action, target, { refusals });
  return target;
}
