import type { Executor } from '../../db/client.js';
import {
  type ChallengeKind,
  insertChallenge,
  purgeOldChallenges,
  spendChallenge,
} from './queries.js';
import { PASSKEY_CHALLENGE_TTL_MS } from './relying-party.js';

/** What a challenge is bound to: the session that asked, or the browser that started a sign-in. */
export const boundToSession = (sessionId: string): string => `session:${sessionId}`;
export const boundToBrowser = (deviceIdHash: string): string => `device:${deviceIdHash}`;

/** Stores a challenge the options carry, single-use for 5 minutes. */
export async function keepChallenge(
  db: Executor,
  challenge: {
    kind: ChallengeKind;
    challenge: string;
    userId: string | null;
    boundTo: string;
    purpose?: string;
  },
  now: Date,
): Promise<void> {
  await purgeOldChallenges(db, now);
  await insertChallenge(db, {
    ...challenge,
    purpose: challenge.purpose ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_TTL_MS),
  });
}

/**
 * The check @simplewebauthn hands the challenge it read from clientDataJSON to: true only when
 * it is live, of this kind, bound to this session or browser (and purpose), and now spent.
 */
export function spendsChallenge(
  db: Executor,
  where: { kind: ChallengeKind; boundTo: string[]; purpose?: string; userId?: string },
  now: Date,
): (challenge: string) => Promise<boolean> {
  return async (challenge) => {
    const row = await spendChallenge(db, { ...where, challenge }, now);
    if (!row) return false;
    return where.userId === undefined || row.userId === where.userId;
  };
}
