/**
 * A member with AUDIT_VIEW, or an API token with `audit:read`, downloads the org's audit log as
 * evidence (decision 012); a second export while one runs, or a sixth in a minute, is 429.
 */
import { auditExportQuerySchema } from '@gatehouse/shared';
import { streamAuditExport } from '../../audit/index.js';
import { defineRoute, type Route } from '../../http/route.js';
import { claimAuditJob, runningJob } from './limits.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' } as const;

export const exportAuditLog: Route = defineRoute(
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
  async ({ db, auth, query, now, res, audit, afterCommit, deps }) => {
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
);
