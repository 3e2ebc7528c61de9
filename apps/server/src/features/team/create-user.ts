import { randomUUID } from 'node:crypto';
import type { CreateUserRequest, TeamMemberDTO } from '@gatehouse/shared';
import {
  assignableRoles,
  createUserRequestSchema,
  createUserResponseSchema,
  isPrivilegedRole,
} from '@gatehouse/shared';
import { hashPassword, weakPasswordReason } from '../../core/passwords.js';
import { addressKey, recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError, forbidden, rateLimited } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { insertMemberUnlessTaken } from './queries.js';
import { articled, toTeamMember } from './service.js';

/**
 * A team admin (SETTINGS_TEAM_EDIT) adds a user to their org with a role they may assign (after
 * step-up ROLE_CHANGE for an admin or an owner); a higher role is 403 before any step-up, a weak
 * password 422, too many attempts from one address 429, and a support session is refused. An
 * email that has an account anywhere gets the same answer and nothing is created: its holder is
 * mailed (the reaction to USER_CREATE_EMAIL_TAKEN). A new admin or owner is told to the other
 * owners (the reaction to USER_CREATED).
 */
export const createUser: Route = defineRoute(
  {
    method: 'post',
    path: '/admin/users',
    impersonation: 'never',
    tag: 'team',
    access: 'session',
    permission: 'SETTINGS_TEAM_EDIT',
    status: 201,
    summary:
      "Create a user in the caller's org (an admin or an owner needs step-up ROLE_CHANGE); an email that has an account gets the same answer and nothing is created",
    body: createUserRequestSchema,
    // Nobody hands out a role above what they may assign: refused before any step-up.
    load: async ({ auth, body }) => {
      if (!assignableRoles(auth.user.role).includes(body.role))
        throw forbidden(`A ${auth.user.role} cannot create a user with role ${body.role}`);
    },
    stepUp: 'ROLE_CHANGE',
    stepUpWhen: ({ body }) => isPrivilegedRole(body.role),
    stepUpDescription: ({ body }) => `Add ${body.name} as ${articled(body.role)}`,
    response: createUserResponseSchema,
    audit: 'USER_CREATED',
  },
  async ({ db, auth, body, client, audit, now, onFailure }) => {
    const after = { email: body.email, name: body.name, role: body.role };
    audit.set({ targetType: 'user', after });
    const { user, created } = await createTeamMember(db, auth, body, {
      now,
      ip: client.ip,
      onFailure,
    });
    if (!created) {
      audit.succeedAs('USER_CREATE_EMAIL_TAKEN', { targetType: 'user', after });
      return { user };
    }
    audit.set({ targetId: user.id });
    return { user };
  },
);

type OnFailure = (effect: (db: Executor) => Promise<void>) => void;

/** Accounts an admin may create per address (IPv6 per /64) an hour: each costs an argon2 hash. */
export const CREATE_USER_RULE: ThrottleRule = { limit: 30, windowMs: 60 * 60 * 1000 };
export const createUserKey = (ip: string | null): string => `create-user:ip:${addressKey(ip)}`;

export interface CreatedMember {
  user: TeamMemberDTO;
  /** False when the email had an account: the answer is the same, and nothing was made. */
  created: boolean;
}

/**
 * Adds a user to the caller's org. The address is throttled before any hashing. An email that
 * has an account, in this org or any other, gets the same answer as a new one — same status,
 * shape and cost (the argon2 hash) — and nothing is created: the answer says neither that the
 * address is taken nor where (decision 017). The account's holder is mailed instead (the
 * reaction to USER_CREATE_EMAIL_TAKEN).
 */
export async function createTeamMember(
  db: Executor,
  auth: AuthContext,
  input: CreateUserRequest,
  context: { now: Date; ip: string | null; onFailure: OnFailure },
): Promise<CreatedMember> {
  const { now } = context;
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
  const values = {
    orgId: auth.org.id,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
  };
  const user = await insertMemberUnlessTaken(db, values);
  if (user)
    return { user: toTeamMember(user, { liveSessions: 0, lastSeenAt: null }), created: true };
  // What a new user would have been, with an id that names no one.
  const decoy = { ...values, id: randomUUID(), totpEnabled: false, disabledAt: null };
  return { user: toTeamMember(decoy, { liveSessions: 0, lastSeenAt: null }), created: false };
}
