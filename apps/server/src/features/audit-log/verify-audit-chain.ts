/**
 * A member with AUDIT_VIEW, or an API token with `audit:read`, has the server walk the org's
 * audit chain; a second walk while one runs, or a sixth in a minute, is 429.
 */
import { auditVerifyResponseSchema } from '@gatehouse/shared';
import { verifyOrgChain } from '../../audit/index.js';
import { defineRoute, type Route } from '../../http/route.js';
import { claimAuditJob, runningJob } from './limits.js';

export const verifyAuditChain: Route = defineRoute(
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
  async ({ auth, now, deps }) => {
    const orgId = auth.org.id;
    const claimed = await deps.db.transaction((tx) => claimAuditJob(tx, 'verify', orgId, now));
    const job = runningJob(deps.db, deps.clock, claimed);
    try {
      return await verifyOrgChain(deps.db, deps.keys.audit, orgId, { onBatch: job.keepAlive });
    } finally {
      await job.release();
    }
  },
);
