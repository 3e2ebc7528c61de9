import type { SessionChoiceRequest, SessionLimitResponse } from '@gatehouse/shared';
import { and, eq, gt } from 'drizzle-orm';
import type { AuditEmitter } from '../../audit/index.js';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow, UserRow } from '../../db/rows.js';
import { sessionChoices } from '../../db/schema/index.js';
import type { SignInClient } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import { endChosenSession, findOrg, findUser, overSessionLimit } from '../../identity/index.js';
import { openSession, type SignedIn } from './open-session.js';

/** How long the choice may wait after a verified sign-in (as long as the second step). */
export const SESSION_CHOICE_TTL_MS = 5 * 60 * 1000;

export type SessionLimitOffer = SessionLimitResponse['sessionLimit'];

/**
 * At the limit, with the sign-in verified (password, and second factor where enrolled) and the
 * network allowed: instead of a session, a single-use token bound to this browser and to the
 * account's session version, and the live sessions to choose from. Null under the limit.
 * Called only after every check, so nothing about the sessions reaches a guesser.
 */
export async function offerSessionChoice(
  db: Executor,
  user: UserRow,
  client: SignInClient,
  authMethods: string[],
  now: Date,
): Promise<SessionLimitOffer | null> {
  const over = await overSessionLimit(db, user, now);
  if (!over) return null;
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_CHOICE_TTL_MS);
  await db.insert(sessionChoices).values({
    userId: user.id,
    tokenHash: hashToken(token),
    deviceIdHash: client.deviceIdHash,
    sessionVersion: user.sessionVersion,
    authMethods,
    createdAt: now,
    expiresAt,
  });
  const [suggested] = over.live;
  if (!suggested) return null;
  return {
    choiceToken: token,
    limit: over.limit,
    expiresAt: expiresAt.toISOString(),
    suggested: suggested.id,
    sessions: over.live.map(choiceOf),
  };
}

function choiceOf(session: SessionRow): SessionLimitOffer['sessions'][number] {
  return {
    id: session.id,
    device: session.device ?? { label: 'Unknown device', browser: '', os: '', type: 'unknown' },
    ip: session.ip,
    country: session.country,
    city: session.city,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
  };
}

/** Expired, spent, another browser's, or the account changed since: start from the password. */
const choiceExpired = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'This sign-in has expired; enter your password again', {
    restart: true,
  });

/**
 * The person chose: the chosen session ends (`session_limit`, naming this device), the choice
 * is spent, and the session opens with the sign-in's alert rules (the eviction alert says
 * which device took the chosen one's place). A session that is not theirs or ended meanwhile
 * is 404 and the choice stays usable until it expires.
 */
export async function completeSessionChoice(
  db: Executor,
  input: SessionChoiceRequest,
  client: SignInClient,
  context: { now: Date; audit: Pick<AuditEmitter, 'actor' | 'hand'> },
): Promise<SignedIn> {
  const { now } = context;
  const tokenHash = hashToken(input.choiceToken);
  const [choice] = await db
    .delete(sessionChoices)
    .where(and(eq(sessionChoices.tokenHash, tokenHash), gt(sessionChoices.expiresAt, now)))
    .returning();
  if (!choice) throw choiceExpired();
  // Bound to the browser that signed in: a token copied elsewhere opens nothing.
  if (!client.hasDeviceCookie || !client.deviceIdHashes.includes(choice.deviceIdHash))
    throw choiceExpired();
  const user = await findUser(db, choice.userId);
  if (!user || user.disabledAt || user.sessionVersion !== choice.sessionVersion)
    throw choiceExpired();
  context.audit.actor(user);
  const org = await findOrg(db, user.orgId);
  if (!org) throw choiceExpired();
  const chosen = await endChosenSession(db, {
    userId: user.id,
    sessionId: input.endSessionId,
    replacedByDevice: client.device.label,
    now,
  });
  if (!chosen)
    throw new AppError('NOT_FOUND', 'That session has ended already; choose another', {
      issues: [{ path: 'endSessionId', message: 'That session has ended already' }],
    });
  const { audit } = context;
  const opened = await openSession(db, user, client, now, audit, choice.authMethods, [chosen]);
  return { user, org, ...opened };
}

/** A verified sign-in at the limit: recorded, and answered with the sessions to choose from. */
export function answerWithChoice(
  result: { sessionLimit: SessionLimitOffer; user: UserRow },
  email: string,
  audit: AuditEmitter<'LOGIN_SUCCESS'>,
): SessionLimitResponse {
  const { sessionLimit, user } = result;
  audit.succeedAs('LOGIN_SESSION_LIMIT', {
    targetType: 'user',
    targetId: user.id,
    metadata: { email, live: sessionLimit.sessions.length, limit: sessionLimit.limit },
  });
  return { sessionLimit };
}
