import type { Express, Request } from 'express';
import type { AuditEmitter } from '../../audit/index.js';
import { hashToken } from '../../core/tokens.js';
import type { AppDeps } from '../../deps.js';
import { runJob } from '../../http/job.js';
import { recordRefused, refusedOrigin } from '../../http/refusals.js';
import { sendFile } from './files.js';
import { shareByToken } from './queries.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const ROUTE = '/s/:token';

type Share = NonNullable<Awaited<ReturnType<typeof shareByToken>>>;

function problemOf(share: Share | undefined, now: Date) {
  if (!share) return 'share_unknown';
  if (share.revokedAt) return 'share_revoked';
  return share.expiresAt > now ? null : 'share_expired';
}

/** The fetch of a live share, recorded in its org's log before the file goes out. */
async function recordOpened(deps: AppDeps, req: Request, share: Share, now: Date) {
  const { country, city, ...origin } = refusedOrigin(deps, req, undefined);
  await runJob(
    deps,
    { ...origin, orgId: share.orgId },
    now,
    async (_db, audit: AuditEmitter<'SHARE_LINK_OPENED'>) => {
      audit.set({
        targetType: 'share',
        targetId: share.shareId,
        country,
        city,
        metadata: { shareId: share.shareId, documentId: share.documentId },
      });
      return { result: undefined, action: 'SHARE_LINK_OPENED' as const };
    },
  );
}

/**
 * `/s/:token`: the public side of a share link; outside /api, no session, attachment only.
 * Every fetch is audited in the share's org; a refusal (unknown, revoked, expired) once per
 * window and address (decision 013). The token itself is never recorded.
 */
export function mountPublicShares(app: Express, deps: AppDeps): void {
  app.get(ROUTE, async (req, res) => {
    const token = req.params.token;
    const now = deps.clock.now();
    const share = TOKEN.test(token) ? await shareByToken(deps.db, hashToken(token)) : undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const problem = problemOf(share, now);
    if (problem || !share) {
      const refusal = {
        action: 'SHARE_LINK_OPENED' as const,
        reason: problem ?? 'share_unknown',
        orgId: share?.orgId ?? null,
        targetType: share ? 'share' : null,
        targetId: share?.shareId ?? null,
        metadata: share ? { shareId: share.shareId, documentId: share.documentId } : {},
      };
      await recordRefused(deps, refusal, refusedOrigin(deps, req, undefined), now);
      res.status(404).type('text').send('This link has expired, was revoked, or never existed.');
      return;
    }
    await recordOpened(deps, req, share, now);
    sendFile(res, share);
  });
}
