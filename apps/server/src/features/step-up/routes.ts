import { stepUpVerifyRequestSchema, stepUpVerifyResponseSchema } from '@gatehouse/shared';
import { logAudit } from '../../core/audit.js';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { verifyStepUp } from './service.js';

export function stepUpRoutes({ db, config }: AppDeps): Route[] {
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
      async ({ auth, body, audit, client, now }) => {
        const offered =
          body.password !== undefined
            ? 'password'
            : body.code !== undefined
              ? 'totp'
              : 'recovery_code';
        Object.assign(audit, {
          targetType: 'session',
          targetId: auth.session.id,
          metadata: { purpose: body.purpose, method: offered },
        });
        const { expiresAt, method } = await verifyStepUp(db, config.appSecret, auth, body, now);
        if (method === 'recovery_code') {
          await logAudit(
            db,
            {
              orgId: auth.org.id,
              actorUserId: auth.user.id,
              action: 'RECOVERY_CODE_USED',
              outcome: 'SUCCESS',
              targetType: 'user',
              targetId: auth.user.id,
              ip: client.ip,
              userAgent: client.userAgent,
              metadata: { context: 'step_up', purpose: body.purpose },
            },
            now,
          );
        }
        return {
          success: true as const,
          purpose: body.purpose,
          expiresAt: expiresAt.toISOString(),
        };
      },
    ),
  ];
}
