import type { Route } from '../../http/route.js';
import { exportAuditLog } from './export-audit-log.js';
import { getAuditPublicKey } from './get-audit-public-key.js';
import { listAuditLog } from './list-audit-log.js';
import { verifyAuditChain } from './verify-audit-chain.js';

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
