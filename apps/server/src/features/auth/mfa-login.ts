import type { LoginMfaRequest } from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import type { Keys } from '../../core/keys.js';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { SignInClient } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import {
  browserParty,
  findLiveChallenge,
  findOrg,
  findUser,
  insertChallenge,
  type OnFailure,
  spendChallenge,
  verifySecondFactor,
} from '../../identity/index.js';
import { openSession, type SignedIn } from './open-session.js';
import { refuseWithoutPasskey } from './passkey-login.js';
import { offerSessionChoice, type SessionLimitOffer } from './session-choice.js';

/** How long the second step may wait after a right password. */
export const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** After a right password for an account with TOTP: a single-use token for the second step. */
export async function issueMfaChallenge(db: Executor, user: UserRow, now: Date): Promise<string> {
  const token = newSessionToken();
  await insertChallenge(db, {
    userId: user.id,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + MFA_CHALLENGE_TTL_MS),
  });
  return token;
}

const challengeExpired = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'This sign-in has expired; enter your password again', {
    restart: true,
  });

/**
 * The second step: a live challenge plus a TOTP or recovery code opens the session. A wrong
 * code leaves the challenge usable (until it expires or this browser's attempts lock); a right one
 * spends it, so the token cannot open a second session.
 */
export async function completeMfaSignIn(
  db: Executor,
  keys: Keys,
  input: LoginMfaRequest,
  client: SignInClient,
  context: {
    now: Date;
    onFailure: OnFailure;
    audit: Pick<AuditEmitter, 'actor' | 'hand'>;
  },
): Promise<
  | (SignedIn & { method: 'totp' | 'recovery_code' })
  | { sessionLimit: SessionLimitOffer; user: UserRow; method: 'totp' | 'recovery_code' }
> {
  const { now } = context;
  const tokenHash = hashToken(input.mfaToken);
  const challenge = await findLiveChallenge(db, tokenHash, now);
  if (!challenge) throw challengeExpired();
  const user = await findUser(db, challenge.userId);
  if (!user || user.disabledAt) throw challengeExpired();
  context.audit.actor(user);
  await refuseWithoutPasskey(db, user);
  const proof =
    input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
  const party = await browserParty(
    db,
    user.id,
    client.hasDeviceCookie ? client.deviceIdHashes : [],
  );
  const method = await verifySecondFactor(db, keys, user, proof, { ...context, party });
  const org = await findOrg(db, user.orgId);
  if (!org || !(await spendChallenge(db, tokenHash, now))) throw challengeExpired();
  if (input.chooseSession) {
    const offer = await offerSessionChoice(db, user, client, ['password', method], now);
    if (offer) return { sessionLimit: offer, user, method };
  }
  const opened = await openSession(db, user, client, now, context.audit, ['password', method]);
  return { user, org, ...opened, method };
}
