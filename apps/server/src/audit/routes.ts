import type { Route } from '../http/route.js';
import { exportAuditLog } from './proof/export-audit-log.js';
import { getAuditPublicKey } from './proof/get-audit-public-key.js';
import { verifyAuditChain } from './proof/verify-audit-chain.js';
import { listAuditLog } from './reading/list-audit-log.js';

/**
 * The audit log over HTTP: the list (reading), and the evidence (export, verify, public key;
 * decision 012); one file per use case (decision 019).
 */
export const auditRoutes = (): Route[] => [
  listAuditLog,
  exportAuditLog,
  verifyAuditChain,
  getAuditPublicKey,
];
