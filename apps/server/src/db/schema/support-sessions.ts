import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sessions } from './sessions.js';

/**
 * What a support session read, counted outside the audit chain (a chained row is never
 * rewritten); summarised into one audit row when the support session ends (decision 009).
 */
export const supportSessionViews = pgTable(
  'support_session_views',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    method: text('method').notNull(),
    /** The route pattern (`/documents/:id`), never the path with its ids or query. */
    route: text('route').notNull(),
    count: integer('count').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.method, t.route] })],
);
