import {
  auditExportQuerySchema,
  auditPublicKeyResponseSchema,
  auditVerifyResponseSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { verifyOrgChain } from '../verify.js';
import { streamAuditExport } from './export.js';
import { claimAuditJob, runningJob } from './limits.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' } as const;

/** Export, verify and the checkpoints' public key: the audit log as evidence (decision 012). */
export function auditProofRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/audit/export',
        tag: 'audit',
        access: 'session-or-token',
        permission: 'AUDIT_VIEW',
        token: 'audit:read',
        summary:
          "Streams the org's audit log as CSV or JSONL (with the signed checkpoints that verify it offline); one at a time per org, 5 a minute (429 RATE_LIMITED)",
        query: auditExportQuerySchema,
        status: 200,
        audit: 'AUDIT_EXPORTED',
      },
      async ({ db, auth, query, now, res, audit, afterCommit }) => {
        const { format, ...filter } = query;
        audit.set({ metadata: { format, filters: filter } });
        // Claimed in the export's transaction: a refusal or a rollback leaves the slot free.
        const job = runningJob(
          deps.db,
          deps.clock,
          await claimAuditJob(db, 'export', auth.org.id, now),
        );
        // The AUDIT_EXPORTED row commits first; the stream then runs outside any transaction.
        afterCommit(() => {
          const day = now.toISOString().slice(0, 10);
          res.writeHead(200, {
            'Content-Type': CONTENT_TYPES[format],
            'Content-Disposition': `attachment; filename="audit-${day}.${format}"`,
            'X-Content-Type-Options': 'nosniff',
          });
          deps.background.run('audit export', () =>
            streamAuditExport({ db: deps.db, keys: deps.keys.audit, logger: deps.logger }, res, {
              orgId: auth.org.id,
              format,
              filter,
              now,
              job,
            }),
          );
        });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/audit/verify',
        tag: 'audit',
        access: 'session-or-token',
        permission: 'AUDIT_VIEW',
        token: 'audit:read',
        summary:
          "Walks the org's audit chain: every HMAC, the running digest and each signed checkpoint; one at a time per org, 5 a minute (429 RATE_LIMITED)",
        response: auditVerifyResponseSchema,
      },
      async ({ auth, now }) => {
        const orgId = auth.org.id;
        const claimed = await deps.db.transaction((tx) => claimAuditJob(tx, 'verify', orgId, now));
        const job = runningJob(deps.db, deps.clock, claimed);
        try {
          return await verifyOrgChain(deps.db, deps.keys.audit, orgId, { onBatch: job.keepAlive });
        } finally {
          await job.release();
        }
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/audit/public-key',
        tag: 'audit',
        access: 'session-or-token',
        permission: 'AUDIT_VIEW',
        token: 'audit:read',
        summary: 'The Ed25519 public key (PEM) that verifies the audit checkpoints offline',
        response: auditPublicKeyResponseSchema,
      },
      async () => {
        const { current, previous } = deps.keys.audit;
        return {
          algorithm: 'Ed25519' as const,
          keyId: current.keyId,
          publicKey: current.publicKeyPem,
          previous: previous ? { keyId: previous.keyId, publicKey: previous.publicKeyPem } : null,
        };
      },
    ),
  ];
}
