/**
 * Anyone signs in with an email and password: a session, or the second step (TOTP, recovery
 * code, passkey) when the account has one, or the sessions to choose from at the org's limit.
 * Refused alike for a wrong password, an unknown email and a disabled account (401), past the
 * throttles (429), from a network the org's IP rules block (403), and for an owner or admin of
 * an org that requires passkeys (403 PASSKEY_REQUIRED).
 */
import {
  type LoginRequest,
  loginRequestSchema,
  loginResponseSchema,
  type SecondStepMethod,
} from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import { verifyPassword } from '../../core/passwords.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { type SignInClient, signInClient } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  assertNoPasswordResetRequired,
  findOrg,
  findUserByEmail,
  knownDeviceHash,
  type OnFailure,
  passkeyStanding,
} from '../../identity/index.js';
import { assertAddressAllowed } from '../../network/index.js';
import { SIGN_IN_FAILURE_COUNTED } from './hand-overs.js';
import { issueMfaChallenge } from './mfa-login.js';
import { openSession, type SignedIn } from './open-session.js';
import { passkeyEnrollment, refuseWithoutPasskey } from './passkey-login.js';
import { completeSignIn } from './responder.js';
import { answerWithChoice, offerSessionChoice, type SessionLimitOffer } from './session-choice.js';
import { checkSignInThrottle, clearSignInFailures, recordSignInFailure } from './throttle.js';

export const signIn: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    access: 'public',
    summary: 'Sign in with email and password',
    body: loginRequestSchema,
    response: loginResponseSchema,
    audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
  },
  async ({ db, body, req, res, audit, now, deps, onFailure, afterCommit }) => {
    audit.set({ metadata: { email: body.email } });
    const client = signInClient(req, res, deps);
    const result = await passwordSignIn(db, body, client, { now, onFailure, audit });
    // Only now, with the password right and the org known: no rule leaks to a guesser.
    await assertAddressAllowed(deps, result.user.orgId, client.ip, db);
    if ('mfaRequired' in result) {
      audit.succeedAs('LOGIN_MFA_REQUIRED', {
        targetType: 'user',
        targetId: result.user.id,
        metadata: { email: body.email },
      });
      return { mfaRequired: true as const, mfaToken: result.mfaToken, methods: result.methods };
    }
    if ('sessionLimit' in result) return answerWithChoice(result, body.email, audit);
    return {
      ...completeSignIn(deps, result, { audit, res, afterCommit }),
      ...(await passkeyEnrollment(db, result.user)),
    };
  },
);

const invalidCredentials = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'Invalid email or password');

type PasswordSignIn =
  | SignedIn
  | { mfaRequired: true; mfaToken: string; methods: SecondStepMethod[]; user: UserRow }
  | { sessionLimit: SessionLimitOffer; user: UserRow };

/**
 * Password sign-in. Throttled (see ./throttle.ts) before the password is looked at; an unknown
 * email costs one argon2 verification like a known one and gets the same answer.
 */
async function passwordSignIn(
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
