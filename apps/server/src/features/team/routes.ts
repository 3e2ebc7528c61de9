import {
  ACTIONS_ON_PEOPLE,
  assignableRoles,
  createUserRequestSchema,
  createUserResponseSchema,
  idParamsSchema,
  isPrivilegedRole,
  pageQuerySchema,
  teamListResponseSchema,
  updateUserRequestSchema,
  updateUserResponseSchema,
} from '@gatehouse/shared';
import { forbidden } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { createTeamMember } from './create-user.js';
import { listTeam, teamMember } from './service.js';
import { applyUserChange, articled, describeChange, plannedChange } from './update-user.js';

export function teamRoutes(): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/admin/users',
        tag: 'team',
        access: 'session-or-token',
        permission: 'SETTINGS_TEAM_VIEW',
        token: 'users:read',
        summary: "The org's users with role, MFA, live sessions and last activity (cursor paging)",
        query: pageQuerySchema,
        response: teamListResponseSchema,
      },
      ({ db, auth, query, now }) => listTeam(db, auth.org.id, query, now),
    ),
    defineRoute(
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
    ),
    defineRoute(
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
    ),
  ];
}
