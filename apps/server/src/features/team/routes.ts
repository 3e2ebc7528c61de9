import {
  createUserRequestSchema,
  createUserResponseSchema,
  pageQuerySchema,
  teamListResponseSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { createTeamMember, listTeam } from './service.js';

export function teamRoutes(_deps: AppDeps): Route[] {
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
        summary: "Create a user in the caller's org",
        body: createUserRequestSchema,
        response: createUserResponseSchema,
        audit: 'USER_CREATED',
      },
      async ({ db, auth, body, client, audit, now, onFailure }) => {
        audit.set({
          targetType: 'user',
          after: { email: body.email, name: body.name, role: body.role },
        });
        const user = await createTeamMember(db, auth, body, { now, ip: client.ip, onFailure });
        audit.set({ targetId: user.id });
        return { user };
      },
    ),
  ];
}
