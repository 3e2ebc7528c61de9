import {
  ALERT_TYPES,
  pageQuerySchema,
  SECURITY_ACTIVITY_ACTIONS,
  type SecurityActivityItem,
  STEP_UP_PURPOSES,
  securityActivityResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { decodeSeqCursor, encodeSeqCursor } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { activityOf } from './queries.js';

const withReason = z.object({ reason: z.string() });
/** The stated reason an event carries (an impersonation's), if any. */
const reasonOf = (metadata: unknown): string | null => {
  const parsed = withReason.safeParse(metadata);
  return parsed.success ? parsed.data.reason : null;
};

const withPurpose = z.object({ purpose: z.enum(STEP_UP_PURPOSES) });
/** What a step-up was for, if the event is one. */
const purposeOf = (metadata: unknown): SecurityActivityItem['purpose'] => {
  const parsed = withPurpose.safeParse(metadata);
  return parsed.success ? parsed.data.purpose : null;
};

const withAlertType = z.object({ type: z.enum(ALERT_TYPES) });
/** What an alert was about, if the event is one (ALERT_RAISED). */
const alertTypeOf = (metadata: unknown): SecurityActivityItem['alertType'] => {
  const parsed = withAlertType.safeParse(metadata);
  return parsed.success ? parsed.data.type : null;
};

const isActivity = (action: string): action is SecurityActivityItem['action'] =>
  (SECURITY_ACTIVITY_ACTIONS as readonly string[]).includes(action);

export function activityRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/activity',
        tag: 'sessions',
        access: 'session',
        summary:
          "The caller's own security events: sign-ins, factor and password changes, newest first",
        query: pageQuerySchema,
        response: securityActivityResponseSchema,
      },
      async ({ db, auth, query }) => {
        const beforeSeq = decodeSeqCursor(query.cursor);
        const rows = await activityOf(
          db,
          { orgId: auth.org.id, userId: auth.user.id },
          { limit: query.limit + 1, ...(beforeSeq === undefined ? {} : { beforeSeq }) },
        );
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        return {
          items: items.flatMap(({ seq: _seq, metadata, actorUserId, actorName, ...r }) =>
            isActivity(r.action)
              ? [
                  {
                    ...r,
                    action: r.action,
                    at: r.at.toISOString(),
                    reason: reasonOf(metadata),
                    purpose: purposeOf(metadata),
                    alertType: r.action === 'ALERT_RAISED' ? alertTypeOf(metadata) : null,
                    // Someone else acted on the account (an administrator): say who.
                    actor:
                      actorUserId && actorUserId !== auth.user.id
                        ? { id: actorUserId, name: actorName ?? 'an administrator' }
                        : null,
                  },
                ]
              : [],
          ),
          nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null,
        };
      },
    ),
  ];
}
