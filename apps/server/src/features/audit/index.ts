/** The org's audit log: reading it (list), and what later reads it (export, verify). */
import type { AppDeps } from '../../deps.js';
import type { Route } from '../../http/route.js';
import { auditListRoutes } from './routes.js';

export { matchingEntries } from './queries.js';
export {
  type AuditNames,
  type AuditRowNames,
  auditEntries,
  auditNames,
  auditRowNames,
} from './service.js';

export function auditRoutes(deps: AppDeps): Route[] {
  return [...auditListRoutes(deps)];
}
