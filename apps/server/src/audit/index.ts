/**
 * The audit log, one folder with this one face: the typed emitter the route runner hands a use
 * case, the hash chain and its signed checkpoints, refusal windows, re-keying of old chains, and
 * verification (online and of an export), reading and the export's stream. Its use cases over
 * HTTP (list, export, verify, public key) are the `features/audit-log` capability's.
 */
export { type AuditRowInput, appendAuditRows, chainHead, waitUntilDurable } from './chain.js';
export type { AuditChainConfig } from './checkpoints.js';
export {
  type AuditDetails,
  AuditEmitter,
  type AuditFields,
  type AuditOrigin,
  type HandOver,
  handOver,
  type PartialAuditDetails,
} from './emitter.js';
export {
  MIGRATE_COMMAND,
  type MigrationOutcome,
  migrateUnkeyedAuditChains,
  warnOfUnkeyedChains,
} from './migration.js';
export { type OfflineReport, publicKeysOf, verifyExport } from './offline.js';
export { type RunningJob, streamAuditExport } from './proof/export.js';
export { listAuditEntries } from './reading/service.js';
export { verifyOrgChain } from './verify.js';
export { REFUSAL_WINDOW_MS, recordRefusal, summariseEndedWindows } from './windows.js';
