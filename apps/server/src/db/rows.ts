import type { orgs, sessions, users } from './schema/index.js';

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type OrgRow = typeof orgs.$inferSelect;
