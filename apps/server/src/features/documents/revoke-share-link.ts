/**
 * A share link's creator, or a security admin (SETTINGS_SECURITY_EDIT) of its org, revokes it;
 * for anyone else, and for a link revoked already, it is 404.
 */
import { idParamsSchema, successResponseSchema } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { notFound } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { revokeShareRow } from './queries.js';

export const revokeShareLink: Route = defineRoute(
  {
    method: 'post',
    path: '/shares/:id/revoke',
    tag: 'documents',
    access: 'session',
    summary: 'Revoke a share link (its creator, or SETTINGS_SECURITY_EDIT)',
    params: idParamsSchema,
    response: successResponseSchema,
    audit: 'SHARE_REVOKED',
  },
  async ({ db, auth, params, audit, now }) => {
    audit.set({ targetType: 'share', targetId: params.id });
    const { documentId } = await revokeShare(db, auth, params.id, now);
    audit.set({ metadata: { documentId } });
    return { success: true as const };
  },
);

/** The link's creator or a security admin of the same org may revoke it; anyone else gets 404. */
async function revokeShare(
  db: Executor,
  auth: AuthContext,
  shareId: string,
  now: Date,
): Promise<{ documentId: string }> {
  const mayRevokeAny = auth.permissions.includes('SETTINGS_SECURITY_EDIT');
  const revoked = await revokeShareRow(
    db,
    { id: shareId, orgId: auth.org.id, ...(mayRevokeAny ? {} : { createdBy: auth.user.id }) },
    now,
  );
  if (!revoked) throw notFound('Share');
  return revoked;
}
