/**
 * A member signed in, after a fresh step-up (428 without one), makes a public link to one of
 * their org's documents; another org's document is 404, like a missing one.
 */
import {
  type CreateShareResponse,
  createShareRequestSchema,
  createShareResponseSchema,
} from '@gatehouse/shared';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { defineRoute, type Route } from '../../http/route.js';
import { insertShare } from './queries.js';
import { findDocument } from './service.js';

const HOUR_MS = 60 * 60 * 1000;

export const createShareLink: Route = defineRoute(
  {
    method: 'post',
    path: '/shares/create',
    tag: 'documents',
    access: 'session',
    status: 201,
    summary: 'A public link to a document',
    body: createShareRequestSchema,
    load: async ({ db, auth, body, audit }) => {
      audit.set({ targetType: 'document', targetId: body.docId });
      return findDocument(db, auth, body.docId);
    },
    stepUp: 'SHARE',
    response: createShareResponseSchema,
    audit: 'SHARE_CREATED',
  },
  async ({ db, auth, body, audit, now, deps }) => {
    const share = await createShare(db, deps.config.appUrl, auth, body, now);
    audit.set({ metadata: { shareId: share.shareId, expiresAt: share.expiresAt } });
    return share;
  },
);

async function createShare(
  db: Executor,
  appUrl: URL,
  auth: AuthContext,
  input: { docId: string; expiresInHours: number },
  now: Date,
): Promise<CreateShareResponse> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + input.expiresInHours * HOUR_MS);
  const share = await insertShare(db, {
    documentId: input.docId,
    orgId: auth.org.id,
    tokenHash: hashToken(token),
    createdBy: auth.user.id,
    createdAt: now,
    expiresAt,
  });
  return {
    url: new URL(`/s/${token}`, appUrl).toString(),
    expiresAt: expiresAt.toISOString(),
    shareId: share.id,
  };
}
