import { hash } from 'node:crypto';
import { API_TOKEN_SCOPES, type ApiTokenScope } from '@gatehouse/shared';
import type { Request } from 'express';
import type { AppDeps } from '../../deps.js';
import { AppError, rateLimited } from '../../http/errors.js';
import { bearerOf, type TokenAuth } from '../../http/principal.js';
import { asRefusal } from '../../http/refusals.js';
import { apiTokenCacheOf } from './cache.js';
import { isWellFormedApiToken } from './format.js';
import { type ApiTokenRow, recordUse, tokenByHash } from './queries.js';

/** Last use (time and address) is written at most this often per token. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;
const RATE_WINDOW_MS = 60_000;
const KNOWN_SCOPES = new Set<string>(API_TOKEN_SCOPES);
const isScope = (scope: string): scope is ApiTokenScope => KNOWN_SCOPES.has(scope);

type Refusal = 'invalid_token' | 'token_expired' | 'token_revoked';

function refused(reason: Refusal): AppError {
  const messages: Record<Refusal, string> = {
    invalid_token: 'The API token is not valid',
    token_expired: 'The API token expired',
    token_revoked: 'The API token was revoked',
  };
  return new AppError('UNAUTHENTICATED', messages[reason], { reason });
}

function problemOf(row: ApiTokenRow, now: Date): Refusal | null {
  if (row.revokedAt) return 'token_revoked';
  // The injected clock, on every request: a cached token expires on time.
  if (row.expiresAt && row.expiresAt <= now) return 'token_expired';
  return null;
}

/**
 * The route runner's bearer authenticator: the token's shape and checksum (no read for a made-up
 * one), then the instance's cache or one read by hash, revocation and expiry, the per-token rate
 * limit (counted in memory, flushed to the shared counters: `core/request-counter.ts`), and a throttled last-use write off the response path.
 */
export function tokenAuthenticator(deps: AppDeps) {
  const cache = apiTokenCacheOf(deps.sessionCache);
  const rule = { limit: deps.config.apiTokenRateLimit, windowMs: RATE_WINDOW_MS };
  const touch = (row: ApiTokenRow, req: Request, now: Date): void => {
    const due =
      !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS;
    if (!due || cache.touching.has(row.id)) return;
    cache.touching.add(row.id);
    const ip = req.ip ?? null;
    deps.background.run('api token touch', async () => {
      try {
        await recordUse(deps.db, row.id, now, ip);
        cache.touched(row.id, now, ip);
      } finally {
        cache.touching.delete(row.id);
      }
    });
  };
  return async (req: Request, now: Date): Promise<TokenAuth> => {
    const secret = bearerOf(req);
    if (!secret || !isWellFormedApiToken(secret)) throw refused('invalid_token');
    const key = hash('sha256', secret, 'base64');
    let row = cache.get(key, now.getTime());
    if (!row) {
      const epoch = cache.currentEpoch;
      row = await tokenByHash(deps.db, Buffer.from(key, 'base64'));
      if (!row) throw refused('invalid_token');
      if (!problemOf(row, now)) cache.set(key, row, now.getTime(), epoch);
    }
    const problem = problemOf(row, now);
    if (problem) throw refused(problem);
    const wait = await deps.requestCounter.count(`api-token:${row.id}`, rule, now);
    if (wait > 0) {
      const refusal = { orgId: row.orgId, actorTokenId: row.id };
      throw asRefusal(rateLimited(wait), {
        action: 'RATE_LIMITED',
        reason: 'RATE_LIMITED',
        ...refusal,
      });
    }
    touch(row, req, now);
    return {
      kind: 'token',
      tokenId: row.id,
      orgId: row.orgId,
      scopes: row.scopes.filter(isScope),
      org: { id: row.orgId },
    };
  };
}
