import type { ImpersonationDTO } from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgSecuritySettings } from '../../db/schema/index.js';
import type { AuthContext } from '../../http/auth-context.js';
import { findUser } from '../accounts/queries.js';

/** The org's support-session mode (read-only unless its owners chose full). */
export async function impersonationModeOf(db: Executor, orgId: string) {
  const [row] = await db
    .select({ mode: orgSecuritySettings.impersonationMode })
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return row?.mode ?? 'read_only';
}

/** The running support session behind a request, for `GET /api/auth/me`; null for a normal one. */
export async function impersonationOf(
  db: Executor,
  auth: AuthContext,
): Promise<ImpersonationDTO | null> {
  const { session } = auth;
  if (!session.impersonatorUserId) return null;
  return {
    realUser: {
      id: session.impersonatorUserId,
      name: (await findUser(db, session.impersonatorUserId))?.name ?? 'An administrator',
    },
    user: { id: auth.user.id, name: auth.user.name },
    reason: session.impersonationReason ?? '',
    startedAt: session.createdAt.toISOString(),
    expiresAt: session.absoluteExpiresAt.toISOString(),
    mode: await impersonationModeOf(db, auth.org.id),
  };
}
