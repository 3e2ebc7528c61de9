import {
  assignableRoles,
  type CreateUserRequest,
  type PageQuery,
  type TeamMemberDTO,
} from '@gatehouse/shared';
import { hashPassword, weakPasswordReason } from '../../core/passwords.js';
import { addressKey, recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import type { Executor } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError, forbidden, rateLimited } from '../../http/errors.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { insertMember, teamPage } from './queries.js';

type OnFailure = (effect: (db: Executor) => Promise<void>) => void;

/** Accounts an admin may create per address (IPv6 per /64) an hour: each costs an argon2 hash. */
export const CREATE_USER_RULE: ThrottleRule = { limit: 30, windowMs: 60 * 60 * 1000 };
export const createUserKey = (ip: string | null): string => `create-user:ip:${addressKey(ip)}`;

export async function listTeam(db: Executor, orgId: string, page: PageQuery, now: Date) {
  const rows = await teamPage(db, orgId, {
    now,
    limit: page.limit + 1,
    cursor: decodeCursor(page.cursor),
  });
  const { items, nextCursor } = pageOf(rows, page.limit, (r) => ({
    at: r.user.createdAt,
    id: r.user.id,
  }));
  const users: TeamMemberDTO[] = items.map(({ user, liveSessions, lastSeenAt }) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mfaEnabled: user.totpEnabled,
    disabled: user.disabledAt !== null,
    liveSessions: liveSessions ?? 0,
    lastSeenAt: lastSeenAt ? new Date(lastSeenAt).toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  }));
  return { users, nextCursor };
}

/**
 * Adds a user to the caller's org; nobody may hand out a role above what they may assign. The
 * address is throttled before any hashing.
 */
export async function createTeamMember(
  db: Executor,
  auth: AuthContext,
  input: CreateUserRequest,
  context: { now: Date; ip: string | null; onFailure: OnFailure },
): Promise<TeamMemberDTO> {
  const { now } = context;
  if (!assignableRoles(auth.user.role).includes(input.role)) {
    throw forbidden(`A ${auth.user.role} cannot create a user with role ${input.role}`);
  }
  const wait = await throttleWait(db, createUserKey(context.ip), CREATE_USER_RULE, now);
  if (wait > 0) throw rateLimited(wait);
  // Every attempt past the check counts, whether it then succeeds or is refused.
  const count = (into: Executor) =>
    recordFailure(into, createUserKey(context.ip), CREATE_USER_RULE, now);
  context.onFailure(count);
  await count(db);
  const reason = weakPasswordReason(input.password, [input.email, input.name, auth.org.name]);
  if (reason)
    throw new AppError('VALIDATION_FAILED', reason, {
      issues: [{ path: 'password', message: reason }],
    });
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await insertMember(db, {
      orgId: auth.org.id,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash,
      createdAt: now,
    });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      mfaEnabled: false,
      disabled: false,
      liveSessions: 0,
      lastSeenAt: null,
      createdAt: user.createdAt.toISOString(),
    };
  } catch (err: unknown) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'An account with this email already exists', {
        issues: [{ path: 'email', message: 'An account with this email already exists' }],
      });
    }
    throw err;
  }
}
