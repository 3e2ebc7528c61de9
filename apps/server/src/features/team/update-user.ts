import {
  ACTIONS_ON_PEOPLE,
  idParamsSchema,
  isDemotion,
  type Role,
  type TeamMemberDTO,
  type UpdateUserRequest,
  updateUserRequestSchema,
  updateUserResponseSchema,
} from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { assertMayActOn } from '../../http/may-act-on.js';
import { defineRoute, type Route } from '../../http/route.js';
import { endUserAccess, notifyUserChanged } from '../../identity/index.js';
import {
  activeOwnerIdsForUpdate,
  setDisabledAt,
  setRole,
  teamMemberRow,
  userInOrg,
  userInOrgForUpdate,
} from './queries.js';
import { articled, toTeamMember } from './service.js';

/**
 * A team admin (SETTINGS_TEAM_EDIT, after step-up ROLE_CHANGE) changes a user's role, or disables
 * or enables them; a demotion or a disable ends all their access. Refused for an admin on an
 * owner or to make one (403), when it would leave no active owner (409 LAST_OWNER), when it
 * changes nothing (409), for another org's user (404) and from a support session. The other
 * owners are told (the reactions to ROLE_CHANGED, USER_DISABLED and USER_ENABLED).
 */
export const updateUser: Route = defineRoute(
  {
    method: 'patch',
    path: '/admin/users/:id',
    // CHANGE_ROLE and CHANGE_STATUS: never from a support session (the shared policy).
    impersonation: ACTIONS_ON_PEOPLE.CHANGE_ROLE.supportSession,
    tag: 'team',
    access: 'session',
    permission: 'SETTINGS_TEAM_EDIT',
    summary:
      "Change a user's role, or disable or enable them; a demotion or a disable ends all their access (sessions, support sessions, grants, tokens) on every instance",
    params: idParamsSchema,
    body: updateUserRequestSchema,
    load: ({ db, auth, params, body, audit }) => {
      audit.set({ targetType: 'user', targetId: params.id });
      return plannedChange(db, auth, params.id, body);
    },
    stepUp: 'ROLE_CHANGE',
    stepUpDescription: (_input, change) => describeChange(change),
    response: updateUserResponseSchema,
    audit: 'ROLE_CHANGED',
  },
  async ({ db, auth, target, audit, now }) => {
    await applyUserChange(db, auth, target, { audit, now });
    return { user: await teamMember(db, auth.org.id, target.user.id, now) };
  },
);

/** What a PATCH will change, checked before step-up: the target, a new role, a new status. */
export interface UserChange {
  user: UserRow;
  role?: { from: Role; to: Role };
  disabled?: boolean;
}

/**
 * Finds (and locks) the user and checks the change against the shared policy (`mayActOn`): an
 * admin cannot promote to owner, nor demote or disable an owner (403); the org keeps an active owner
 * (409 LAST_OWNER); a request that changes nothing is 409. Another org's user is 404.
 */
export async function plannedChange(
  db: Executor,
  auth: AuthContext,
  userId: string,
  request: UpdateUserRequest,
): Promise<UserChange> {
  const user = await lockedUser(db, userId, auth.org.id);
  const change: UserChange = { user };
  if (request.role !== undefined && request.role !== user.role) {
    assertMayActOn(auth, 'CHANGE_ROLE', user, {
      role: request.role,
      refusals: { owner_out_of_reach: () => forbidden('An admin cannot change an owner') },
    });
    change.role = { from: user.role, to: request.role };
  }
  if (request.disabled !== undefined && request.disabled !== (user.disabledAt !== null)) {
    assertMayActOn(auth, 'CHANGE_STATUS', user, {
      refusals: { owner_out_of_reach: () => forbidden('An admin cannot disable an owner') },
    });
    change.disabled = request.disabled;
  }
  if (!change.role && change.disabled === undefined)
    throw new AppError('CONFLICT', 'Nothing to change: the user already has that role and status');
  await keepAnActiveOwner(db, change);
  return change;
}

/**
 * The user, locked. An owner's change locks the org's active owners first, in one order (id), so
 * two owners demoting each other at once wait in turn instead of deadlocking, and the second
 * sees the first's change.
 */
async function lockedUser(db: Executor, userId: string, orgId: string): Promise<UserRow> {
  const seen = await userInOrg(db, userId, orgId);
  if (!seen) throw notFound('User');
  if (seen.role === 'owner') await activeOwnerIdsForUpdate(db, orgId);
  const user = await userInOrgForUpdate(db, userId, orgId);
  if (!user) throw notFound('User');
  return user;
}

/** An active owner who stops being one (demoted or disabled) must not be the org's last. */
async function keepAnActiveOwner(db: Executor, { user, role, disabled }: UserChange) {
  const isActiveOwner = user.role === 'owner' && user.disabledAt === null;
  const staysActiveOwner = (role?.to ?? user.role) === 'owner' && disabled !== true;
  if (!isActiveOwner || staysActiveOwner) return;
  // Locked already (lockedUser), in id order; read again for the count.
  const owners = await activeOwnerIdsForUpdate(db, user.orgId);
  if (owners.every((id) => id === user.id)) {
    throw new AppError(
      'LAST_OWNER',
      'This would leave the organisation without an active owner: make someone else an owner first',
    );
  }
}

/** A demotion or a disable ends the user's access; a promotion or re-enabling ends nothing. */
export const endsAccess = (change: UserChange): boolean =>
  change.disabled === true ||
  (change.role !== undefined && isDemotion(change.role.from, change.role.to));

interface ApplyContext {
  audit: AuditEmitter<'ROLE_CHANGED'>;
  now: Date;
}

/**
 * Makes the change in the caller's transaction: the role and status, a NOTIFY so every
 * instance drops the user's cached role and permissions before this answers, the end of their
 * access for a demotion or a disable (decision 017), the audit entries (ROLE_CHANGED, then
 * USER_DISABLED / USER_ENABLED), whose reactions tell every other owner.
 */
export async function applyUserChange(
  db: Executor,
  auth: AuthContext,
  change: UserChange,
  context: ApplyContext,
): Promise<void> {
  const { user, role, disabled } = change;
  const { audit, now } = context;
  if (role && !(await setRole(db, user, role.to))) throw notFound('User');
  if (disabled !== undefined && !(await setDisabledAt(db, user, disabled ? now : null)))
    throw notFound('User');
  const ended = endsAccess(change)
    ? (
        await endUserAccess(db, user, {
          reason: disabled ? 'user_disabled' : 'role_changed',
          revokedBy: auth.user.id,
          now,
        })
      ).ended
    : undefined;
  // Every instance drops the user's cached role and permissions (ending access did it already).
  if (!ended) await notifyUserChanged(db, user.id);
  const about = { targetType: 'user', targetId: user.id } as const;
  if (role) {
    audit.set({ ...about, before: { role: role.from }, after: { role: role.to } });
    if (ended && !disabled) audit.set({ metadata: { ended } });
  }
  // The route's own event is the role change; a status change alone succeeds as itself.
  if (disabled === true) {
    const event = { ...about, metadata: { disabled, ...(ended ? { ended } : {}) } };
    if (role) audit.emit('USER_DISABLED', event);
    else audit.succeedAs('USER_DISABLED', event);
  } else if (disabled === false) {
    if (role) audit.emit('USER_ENABLED', about);
    else audit.succeedAs('USER_ENABLED', about);
  }
}

/** The change in words, for the step-up dialog that confirms it ("Make Maya Member an admin"). */
export function describeChange(change: UserChange): string {
  const { user } = change;
  const parts: string[] = [];
  if (change.role) parts.push(`make ${user.name} ${articled(change.role.to)}`);
  if (change.disabled !== undefined)
    parts.push(`${change.disabled ? 'disable' : 'enable'} ${change.role ? 'them' : user.name}`);
  const sentence = parts.join(' and ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** One member of the org as the team list shows them (after a change). */
async function teamMember(
  db: Executor,
  orgId: string,
  userId: string,
  now: Date,
): Promise<TeamMemberDTO> {
  const row = await teamMemberRow(db, orgId, userId, now);
  if (!row) throw notFound('User');
  const { user, ...activity } = row;
  return toTeamMember(user, activity);
}
