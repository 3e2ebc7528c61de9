import type { AppDeps } from '../deps.js';
import type { Route } from '../http/route.js';
import { auditProofRoutes } from './proof/routes.js';
import { auditListRoutes } from './reading/routes.js';

/** The audit log over HTTP: the list (reading), and the evidence (export, verify, public key). */
export function auditRoutes(deps: AppDeps): Route[] {
  return [...auditListRoutes(deps), ...auditProofRoutes(deps)];
}
