import { randomBytes } from 'node:crypto';
import type {
  ChangePasswordRequest,
  EndedAccess,
  LoginRequest,
  SecondStepMethod,
  SignupRequest,
} from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import { hashPassword, verifyPassword } from '../../core/passwords.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import type { SignInClient } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import {
  assertNoPasswordResetRequired,
  assertNotLocked,
  countVerifyFailure,
  endUserAccess,
  type OnFailure,
  passkeyStanding,
  refuseWeakPassword,
  rotateSessionToken,
} from '../../identity/index.js';
import { SIGN_IN_FAILURE_COUNTED } from './hand-overs.js';
import { issueMfaChallenge } from './mfa-login.js';
import { openSession, type SignedIn } from './open-session.js';
import { refuseWithoutPasskey } from './passkey-login.js';
import { offerSessionChoice, type SessionLimitOffer } from './session-choice.js';

export type { SignedIn };

import {
  findOrg,
  findUserByEmail,
  insertOrgWithSettings,
  insertUser,
  knownDeviceHash,
  setPasswordHash,
} from '../../identity/index.js';
import { checkSignInThrottle, clearSignInFailures, recordSignInFailure } from './throttle.js';

export function emailInUse(): AppError {
  return new AppError('CONFLICT', 'An account with this email already exists', {
    issues: [{ path: 'email', message: 'An account with this email already exists' }],
  });
}

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(3).toString('hex')}`;
}

export async function signUp(
  db: Executor,
  input: SignupRequest,
  client: SignInClient,
  now: Date,
  audit: Pick<AuditEmitter, 'hand'>,
): Promise<SignedIn> {
  refuseWeakPassword(input.password, 'password', [input.email, input.name, input.orgName]);
  if (await findUserByEmail(db, input.email)) throw emailInUse();
  const passwordHash = await hashPassword(input.password);
  const org = await insertOrgWithSettings(db, input.orgName, slugify(input.orgName), now);
  const user = await insertUser(db, {
    orgId: org.id,
    email: input.email,
    name: input.name,
    role: 'owner',
    passwordHash,
    createdAt: now,
  });
  return { user, org, ...(await openSession(db, user, client, now, audit)) };
}

/** The account that already uses a sign-up's email, after the same checks a new one passes. */
export async function takenEmailOwner(
  db: Executor,
  input: SignupRequest,
): Promise<UserRow | undefined> {
  refuseWeakPassword(input.password, 'password', [input.email, input.name, input.orgName]);
  return findUserByEmail(db, input.email);
}

const invalidCredentials = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'Invalid email or password');

export type PasswordSignIn =
  | SignedIn
  | { mfaRequired: true; mfaToken: string; methods: SecondStepMethod[]; user: UserRow }
  | { sessionLimit: SessionLimitOffer; user: UserRow };

/**
 * Password sign-in. Throttled (see ./throttle.ts) before the password is looked at; an unknown
 * email costs one argon2 verification like a known one and gets the same answer.
 */
export async function signIn(
  db: Executor,
  input: LoginRequest,
  client: SignInClient,
  context: {
    now: Date;
    onFailure: OnFailure;
    audit: Pick<AuditEmitter, 'actor' | 'hand'>;
  },
): Promise<PasswordSignIn> {
  const { now } = context;
  const knownDevice = client.hasDeviceCookie
    ? await knownDeviceHash(db, { email: input.email }, client.deviceIdHashes)
    : null;
  const attempt = { email: input.email, ip: client.ip, knownDevice, now };
  await checkSignInThrottle(db, attempt);
  const user = await findUserByEmail(db, input.email);
  if (user) context.audit.actor(user);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || user.disabledAt) {
    context.onFailure(async (failures) => {
      const counted = await recordSignInFailure(failures, attempt);
      // The failed-sign-ins alert reacts to the FAIL row (`reactions.ts`).
      if (user) context.audit.hand(SIGN_IN_FAILURE_COUNTED, { user, client, ...counted });
    });
    throw invalidCredentials();
  }
  await clearSignInFailures(db, attempt);
  assertNoPasswordResetRequired(user);
  await refuseWithoutPasskey(db, user);
  // A passkey is a factor of its own: with one (and no TOTP) the second step takes a recovery
  // code, or the person signs in with the passkey itself.
  const passkeys = (await passkeyStanding(db, user)).count;
  if (user.totpEnabled || passkeys > 0) {
    const methods: SecondStepMethod[] = [
      ...(passkeys > 0 ? (['passkey'] as const) : []),
      ...(user.totpEnabled ? (['totp'] as const) : []),
      'recovery_code',
    ];
    const mfaToken = await issueMfaChallenge(db, user, now);
    return { mfaRequired: true, mfaToken, methods, user };
  }
  const org = await findOrg(db, user.orgId);
  if (!org) throw invalidCredentials();
  if (input.chooseSession) {
    const offer = await offerSessionChoice(db, user, client, ['password'], now);
    if (offer) return { sessionLimit: offer, user };
  }
  const opened = await openSession(db, user, client, now, context.audit, ['password']);
  return { user, org, ...opened };
}

/**
 * Changes the password. Every other session dies (session_version), and every support session
 * the user opened; this one gets a new token; step-up grants and pending MFA sign-ins made with
 * the old password end. API tokens are kept (decision 017): the caller lists them in the mail.
 */
export async function changePassword(
  db: Executor,
  auth: AuthContext,
  input: ChangePasswordRequest,
  context: { now: Date; onFailure: OnFailure },
): Promise<{ revokedOtherSessions: number; token: string; ended: EndedAccess }> {
  const { now } = context;
  const path = 'newPassword';
  // The session's step-up lock: a stolen cookie cannot guess the password here either.
  const party = { session: auth.session.id };
  await assertNotLocked(db, auth.user.id, party, now);
  if (!(await verifyPassword(auth.user.passwordHash, input.currentPassword))) {
    countVerifyFailure(context.onFailure, auth.user.id, party, now);
    throw new AppError('INVALID_PASSWORD', 'Current password is wrong', {
      issues: [{ path: 'currentPassword', message: 'Current password is wrong' }],
    });
  }
  if (await verifyPassword(auth.user.passwordHash, input.newPassword)) {
    const message = 'Choose a password different from your current one';
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });
  }
  refuseWeakPassword(input.newPassword, path, [auth.user.email, auth.user.name, auth.org.name]);
  await setPasswordHash(db, auth.user.id, await hashPassword(input.newPassword));
  const { ended, sessionVersion } = await endUserAccess(db, auth.user, {
    reason: 'password_changed',
    revokedBy: auth.user.id,
    now,
    keepSessionId: auth.session.id,
    keepTokens: true,
  });
  const { token } = await rotateSessionToken(db, auth.session, { sessionVersion });
  return { revokedOtherSessions: ended.sessions.count, token, ended };
}
