import { thisWasntMeRequestSchema, thisWasntMeResponseSchema } from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { secureAccount } from './service.js';

export function thisWasntMeRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'post',
        path: '/security/this-wasnt-me',
        tag: 'sessions',
        // The token from the alert email is the credential: the user may be signed out already.
        access: 'public',
        summary:
          'Secure the account an alert email was about: every session ends and a new password is required',
        body: thisWasntMeRequestSchema,
        response: thisWasntMeResponseSchema,
        audit: 'THIS_WASNT_ME',
      },
      async ({ db, body, audit, now }) => {
        const { userId, ...secured } = await secureAccount(db, body.token, { now, audit });
        audit.set({ targetType: 'user', targetId: userId, metadata: secured });
        return {
          success: true as const,
          passwordResetRequired: true as const,
          message:
            'Every session of your account was signed out. Choose a new password with "Forgot password?" on the sign-in page before you sign in again.',
        };
      },
    ),
  ];
}
