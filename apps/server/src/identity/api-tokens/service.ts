import type { ApiTokenDTO, CreateApiTokenRequest } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { notifyApiTokenChanged } from '../sessions/cache.js';
import { generateApiToken } from './format.js';
import {
  type ApiTokenRow,
  insertToken,
  liveCreatedBy,
  orgTokens,
  revokeCreatedBy,
} from './queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function toApiTokenDTO(
  token: ApiTokenRow,
  creator: { id: string; name: string } | null,
): ApiTokenDTO {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes as ApiTokenDTO['scopes'],
    lastFour: token.lastFour,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: token.lastUsedIp,
    createdBy: creator,
  };
}

export async function listApiTokens(db: Executor, orgId: string) {
  const rows = await orgTokens(db, orgId);
  return { tokens: rows.map((r) => toApiTokenDTO(r.token, r.creator)) };
}

/** Creates a token; its secret is returned this once and only its hash is kept. */
export async function createApiToken(
  db: Executor,
  creator: { id: string; name: string; orgId: string },
  input: Required<CreateApiTokenRequest>,
  now: Date,
) {
  const { token: secret, hash, lastFour } = generateApiToken();
  const row = await insertToken(db, {
    orgId: creator.orgId,
    name: input.name,
    tokenHash: hash,
    lastFour,
    scopes: [...input.scopes],
    createdBy: creator.id,
    createdAt: now,
    expiresAt:
      input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS),
  });
  return { token: toApiTokenDTO(row, { id: creator.id, name: creator.name }), secret };
}

/**
 * Revokes every token a user created, when their access ends (decision 017): each is refused on
 * its next request on every instance (`t:<id>`, heard before the write answers). Their ids.
 */
export async function revokeTokensCreatedBy(
  db: Executor,
  creator: { id: string; orgId: string },
  change: { revokedBy: string | null; now: Date },
): Promise<string[]> {
  const ids = await revokeCreatedBy(db, creator, change);
  for (const id of ids) await notifyApiTokenChanged(db, id);
  return ids;
}

/** What a routine password change keeps working: the user's live tokens, for the mail. */
export interface KeptToken {
  name: string;
  lastFour: string;
  lastUsedAt: Date | null;
}

export async function liveTokensCreatedBy(
  db: Executor,
  creator: { id: string; orgId: string },
  now: Date,
): Promise<KeptToken[]> {
  const rows = await liveCreatedBy(db, creator, now);
  return rows.map(({ name, lastFour, lastUsedAt }) => ({ name, lastFour, lastUsedAt }));
}
