import { type AuditAction, parseAuditPayload } from '@gatehouse/shared';
import type { Request, RequestHandler } from 'express';
import type { AuditChainConfig, AuditOrigin, AuditRowInput } from '../audit/index.js';
import { recordRefusal } from '../audit/index.js';
import { addressKey } from '../core/throttle.js';
import type { Executor } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import type { AuthContext } from './auth-context.js';
import { clientInfo, geoOf } from './client-info.js';
import { AppError } from './errors.js';
import { isTokenAuth, type Principal } from './principal.js';
import { auditChainOf } from './route-steps.js';

/**
 * Refused requests as security events of their own (decision 013): CSRF, IP rules, token scopes,
 * throttling, share links and signed downloads. Each is recorded once per window and key
 * (`audit/windows.ts`), so a flood of refusals cannot flood the log.
 */
export type RefusalAction =
  | 'CSRF_REFUSED'
  | 'IP_BLOCKED'
  | 'SCOPE_REFUSED'
  | 'RATE_LIMITED'
  | 'SHARE_LINK_OPENED'
  | 'DOWNLOAD_LINK_USED'
  | 'DBSC_REGISTERED'
  | 'DBSC_REFRESH_FAILED';

export interface Refusal {
  action: RefusalAction;
  /** The failure reason written to the row: an error code or a word (`share_expired`). */
  reason: string;
  /** Set when the refused thing names its org (a share's, a document's, a token's). */
  orgId?: string | null;
  actorTokenId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  metadata?: Record<string, unknown>;
}

const marks = new WeakMap<AppError, Refusal>();

/** Marks an error as a refusal to record as `refusal` (in place of the route's own FAIL row). */
export function asRefusal(err: AppError, refusal: Refusal): AppError {
  marks.set(err, refusal);
  return err;
}

/** Where the runner was when the error came: what each stage's refusals are. */
export type Stage = 'admission' | 'checks' | 'use case';

/** The refusal an error of the route runner is, if it is one. */
export function refusalOf(
  err: unknown,
  stage: Stage,
  request: { method: string; route: string; requiredScope?: string; attempted?: AuditAction },
): Refusal | undefined {
  if (!(err instanceof AppError)) return undefined;
  const marked = marks.get(err);
  const where = { method: request.method, route: request.route };
  if (marked) return { ...marked, metadata: { ...where, ...marked.metadata } };
  const refusal = (action: RefusalAction, metadata: Record<string, unknown> = {}): Refusal => ({
    action,
    reason: err.code,
    metadata: { ...where, ...metadata },
  });
  if (err.code === 'RATE_LIMITED')
    return refusal('RATE_LIMITED', request.attempted ? { attempted: request.attempted } : {});
  if (stage === 'admission' && err.code === 'IP_BLOCKED') return refusal('IP_BLOCKED');
  if (stage === 'checks' && err.code === 'CSRF_FAILED')
    return refusal('CSRF_REFUSED', { check: 'csrf_token' });
  if (stage === 'checks' && err.code === 'INSUFFICIENT_SCOPE')
    return refusal('SCOPE_REFUSED', { requiredScope: request.requiredScope ?? null });
  return undefined;
}

/** Who was refused, from where: the principal when known, the request's address and place. */
export function refusedOrigin(
  deps: AppDeps,
  req: Request,
  auth: Principal | undefined,
): AuditOrigin & { country: string | null; city: string | null } {
  const { ip, userAgent } = clientInfo(req);
  const place = geoOf(req, deps, ip);
  const who = isTokenAuth(auth)
    ? { orgId: auth.orgId, actorUserId: null, actorTokenId: auth.tokenId }
    : {
        orgId: auth?.org.id ?? null,
        actorUserId: auth?.user.id ?? null,
        realUserId: auth?.session.impersonatorUserId ?? null,
      };
  return { ...who, ip, userAgent, country: place?.country ?? null, city: place?.city ?? null };
}

/** Records a refusal in `db`'s transaction, once per window and key. Never a token or a code. */
export async function recordRefusalIn(
  db: Executor,
  refusal: Refusal,
  origin: ReturnType<typeof refusedOrigin>,
  now: Date,
  chain: AuditChainConfig,
): Promise<void> {
  const { metadata } = parseAuditPayload(refusal.action, { metadata: refusal.metadata ?? {} });
  const row: AuditRowInput = {
    orgId: refusal.orgId === undefined ? origin.orgId : refusal.orgId,
    action: refusal.action,
    outcome: 'FAIL',
    actorUserId: origin.actorUserId,
    realUserId: origin.realUserId ?? null,
    actorTokenId: refusal.actorTokenId ?? origin.actorTokenId ?? null,
    isImpersonating: Boolean(origin.realUserId),
    targetType: refusal.targetType ?? null,
    targetId: refusal.targetId ?? null,
    ip: origin.ip,
    userAgent: origin.userAgent,
    country: origin.country,
    city: origin.city,
    failureReason: refusal.reason,
    before: null,
    after: null,
    metadata,
  };
  // The administrator behind a support session is part of who was refused: the user's own
  // refusals and the support session's never share a window (and its attribution).
  const principal = row.actorUserId ?? row.actorTokenId ?? '-';
  const actor = row.realUserId ? `${principal}/${row.realUserId}` : principal;
  const key = [row.action, row.failureReason, row.orgId ?? '-', actor, addressKey(row.ip)];
  await recordRefusal(db, row, [...key, row.targetId ?? '-'].join('|'), now, chain);
}

/** Records a refusal in a transaction of its own; a failure to record is logged, not thrown. */
export async function recordRefused(
  deps: AppDeps,
  refusal: Refusal,
  origin: ReturnType<typeof refusedOrigin>,
  now: Date,
): Promise<void> {
  try {
    await deps.db.transaction((db) =>
      recordRefusalIn(db, refusal, origin, now, auditChainOf(deps)),
    );
  } catch (failure: unknown) {
    deps.logger.error({ err: failure }, 'could not record a refused request');
  }
}

/**
 * The Origin check (`origin.ts`) with its refusals recorded: for the session the request's
 * cookie names when there is one (a stolen cookie used cross-site), else for no org.
 */
export function recordingOriginRefusals(
  deps: AppDeps,
  sameOrigin: RequestHandler,
  identify: (req: Request, now: Date) => Promise<AuthContext | undefined>,
): RequestHandler {
  return (req, res, next) => {
    sameOrigin(req, res, (err?: unknown) => {
      if (!(err instanceof AppError) || err.code !== 'CSRF_FAILED') return next(err);
      const now = deps.clock.now();
      const refusal: Refusal = {
        action: 'CSRF_REFUSED',
        reason: err.code,
        // The path as routes name it (without /api), cut short: the caller chose it.
        metadata: {
          method: req.method,
          route: req.path.replace(/^\/api(?=\/)/, '').slice(0, 200),
          check: 'origin',
        },
      };
      const who = identify(req, now).catch(() => undefined);
      void who
        .then((auth) => recordRefused(deps, refusal, refusedOrigin(deps, req, auth), now))
        .finally(() => next(err));
    });
  };
}
