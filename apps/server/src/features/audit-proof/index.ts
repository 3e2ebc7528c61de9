/** The audit log as evidence: streamed export, chain verification, the checkpoints' public key. */
export { auditProofRoutes } from './routes.js';
