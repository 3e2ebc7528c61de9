/**
 * Anyone, without signing in, reads the newest outbox messages, reset links included: so
 * `routes.ts` mounts it only outside production.
 */
import { devMailResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../http/route.js';
import { recentMail } from './queries.js';

const DEV_MAILBOX_SIZE = 50;

export const listDevMail: Route = defineRoute(
  {
    method: 'get',
    path: '/dev/mail',
    tag: 'dev',
    access: 'public',
    summary: 'Outside production: the newest outbox messages (the dev mailbox)',
    response: devMailResponseSchema,
  },
  async ({ db }) => {
    const rows = await recentMail(db, DEV_MAILBOX_SIZE);
    return {
      messages: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
        status: row.status,
        createdAt: row.createdAt.toISOString(),
      })),
    };
  },
);
