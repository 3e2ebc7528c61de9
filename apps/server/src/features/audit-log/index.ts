/**
 * The audit log over HTTP (DESIGN §7–§8, decision 012): the list, the export, the verification
 * and the public key. The chain, its proofs and its reading are the `audit/` layer's; this
 * capability only turns them into use cases.
 */
import type { Feature } from '../../http/feature.js';
import { auditRoutes } from './routes.js';

export const auditLogFeature: Feature = { routes: auditRoutes };
