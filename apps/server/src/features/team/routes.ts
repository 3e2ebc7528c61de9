import {
  createUserRequestSchema,
  createUserResponseSchema,
  teamListResponseSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { listTeam } from './queries.js';
import { createTeamMember } from './service.js';

export function teamRoutes({ db }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/admin/users',
        tag: 'team',
        access: 'session',
        permission: 'SETTINGS_TEAM_VIEW',
        summary: "The org's users with role, MFA, live sessions and last activity",
        response: teamListResponseSchema,
      },
      async ({ auth, now }) => ({ users: await listTeam(db, auth.org.id, now) }),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/admin/users',
        tag: 'team',
        access: 'session',
        permission: 'SETTINGS_TEAM_EDIT',
        status: 201,
        summary: "Create a user in the caller's org",
        body: createUserRequestSchema,
        response: createUserResponseSchema,
        audit: 'USER_CREATED',
      },
      async ({ auth, body, audit, now }) => {
        Object.assign(audit, {
          targetType: 'user',
          after: { email: body.email, name: body.name, role: body.role },
        });
        const user = await createTeamMember(db, auth, body, now);
        audit.targetId = user.id;
        return { user };
      },
    ),
  ];
}
