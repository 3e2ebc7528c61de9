import type { ApiTokenScope, AuditAction, Permission } from '@gatehouse/shared';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AuditChainConfig, AuditEmitter, AuditOrigin } from '../audit/index.js';
import { appendAuditRows } from '../audit/index.js';
import type { Keys } from '../core/keys.js';
import type { Executor } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import type { ClientInfo } from './client-info.js';
import { requireCsrf } from './csrf.js';
import { AppError, forbidden } from './errors.js';
import { isTokenAuth, type Principal } from './principal.js';

/** The steps of the route runner (route.ts) that need nothing of a route's types. */

export type AuditSpec = AuditAction | { success: AuditAction; failure: AuditAction };

/**
 * Malformed input is the client's mistake, not a security event worth a chain entry; a dead
 * session (401) is no one's act either, as at admission (a replayed support cookie at exit).
 */
const UNAUDITED_FAILURES = new Set([
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'STEP_UP_REQUIRED',
  'UNAUTHENTICATED',
]);

/** The audit chain's key and checkpoint cadence, from the app's keys and config. */
export function auditChainOf(deps: Pick<AppDeps, 'keys' | 'config'>): AuditChainConfig {
  return { keys: deps.keys.audit, checkpointEvery: deps.config.auditCheckpointEvery };
}

/** A route without an audit spec writes no row, so its emitter needs no origin. */
export const UNAUDITED_ORIGIN: AuditOrigin = {
  orgId: null,
  actorUserId: null,
  ip: null,
  userAgent: null,
};

export function auditOrigin(auth: Principal | undefined, client: ClientInfo): AuditOrigin {
  if (isTokenAuth(auth)) {
    return {
      orgId: auth.orgId,
      actorUserId: null,
      actorTokenId: auth.tokenId,
      ip: client.ip,
      userAgent: client.userAgent,
    };
  }
  return {
    orgId: auth?.org.id ?? null,
    actorUserId: auth?.user.id ?? null,
    realUserId: auth?.session.impersonatorUserId ?? null,
    ip: client.ip,
    userAgent: client.userAgent,
  };
}

export function checkAccess(
  def: { method: string; permission?: Permission; token?: ApiTokenScope },
  req: Request,
  auth: Principal | undefined,
  keys: Keys,
): void {
  if (isTokenAuth(auth)) {
    // A bearer request carries its credential itself: no cookie, so no CSRF to guard against.
    if (!def.token || !auth.scopes.includes(def.token)) {
      throw new AppError(
        'INSUFFICIENT_SCOPE',
        def.token ? `This token lacks the ${def.token} scope` : 'API tokens are not accepted here',
        def.token ? { requiredScope: def.token } : undefined,
      );
    }
    return;
  }
  if (auth && def.method !== 'get') requireCsrf(req, auth, keys);
  if (auth && def.permission && !auth.permissions.includes(def.permission)) throw forbidden();
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Express's `res.json`, without the lookups every answer of ours would repeat (settings, charset
 * parsing, ETag). Anything unusual — a conditional request, a status without a body, a type the
 * handler set — still goes through Express, so its rules (304 and the rest) are unchanged.
 */
export function sendJson(req: Request, res: Response, status: number, body: unknown): void {
  const plain =
    (status === 200 || status === 201) &&
    req.headers['if-none-match'] === undefined &&
    req.headers['if-modified-since'] === undefined &&
    !res.hasHeader('Content-Type');
  if (!plain) {
    res.status(status).json(body);
    return;
  }
  const text = jsonOf(body);
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (req.method === 'HEAD') res.end();
  else res.end(text);
}

/**
 * An answer a handler returns frozen is one it may return again unchanged (a cached read), so
 * its JSON is kept with it; any other answer is serialized each time.
 */
const frozenJson = new WeakMap<object, string>();
function jsonOf(body: unknown): string {
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) {
    return JSON.stringify(body);
  }
  let text = frozenJson.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    frozenJson.set(body, text);
  }
  return text;
}

/** Under test every answer is parsed with its route's schema: a mismatch is a bug, and a 500. */
export function assertContract(
  def: { method: string; path: string; response?: z.ZodType },
  body: unknown,
) {
  const checked = def.response?.safeParse(body);
  if (checked && !checked.success) {
    throw new Error(
      `response of ${def.method.toUpperCase()} ${def.path} breaks its schema: ${checked.error.message}`,
    );
  }
}

/** After a rollback: the FAIL row and the failure counters, in a transaction of their own. */
export async function recordFailure(
  deps: AppDeps,
  spec: AuditSpec | undefined,
  audit: AuditEmitter,
  effects: ((db: Executor) => Promise<void>)[],
  err: unknown,
  now: Date,
  auth?: Principal,
): Promise<void> {
  const auditable = spec && err instanceof AppError && !UNAUDITED_FAILURES.has(err.code);
  if (!auditable && effects.length === 0) return;
  audit.discardFollowOns();
  try {
    await deps.db.transaction(async (db) => {
      for (const effect of effects) await effect(db);
      // The FAIL row first, then what the failure's effects emitted (an alert it raised).
      const failed = auditable
        ? [audit.failureRow(typeof spec === 'string' ? spec : spec.failure, err.code)]
        : [];
      // What waits for this failure (an alert at the tenth wrong password) reacts in the same
      // transaction; what it emits is appended after the FAIL row.
      if (failed.length > 0 && deps.reactions)
        await deps.reactions.run(failed, { db, now, deps, auth, audit });
      const rows = [...failed, ...audit.followOnRows()];
      if (rows.length > 0) await appendAuditRows(db, rows, now, auditChainOf(deps));
    });
  } catch (failure: unknown) {
    deps.logger.error({ err: failure }, 'could not record a failed request');
  }
}
