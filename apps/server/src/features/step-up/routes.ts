import { stepUpVerifyRequestSchema, stepUpVerifyResponseSchema } from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { verifyStepUp } from './service.js';

export function stepUpRoutes({ db }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'post',
        path: '/security/stepup/verify',
        tag: 'step-up',
        access: 'session',
        summary: 'Re-authenticate for one purpose; the grant is bound to this session',
        body: stepUpVerifyRequestSchema,
        response: stepUpVerifyResponseSchema,
        audit: 'STEP_UP_VERIFIED',
      },
      async ({ auth, body, audit, now }) => {
        const method =
          body.password !== undefined
            ? 'password'
            : body.code !== undefined
              ? 'totp'
              : 'recovery_code';
        Object.assign(audit, {
          targetType: 'session',
          targetId: auth.session.id,
          metadata: { purpose: body.purpose, method },
        });
        const expiresAt = await verifyStepUp(db, auth, body, now);
        return {
          success: true as const,
          purpose: body.purpose,
          expiresAt: expiresAt.toISOString(),
        };
      },
    ),
  ];
}
