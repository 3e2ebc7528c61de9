import {
  type AuthContext,
  liveSessionsOf,
  revokeOtherSessions,
  revokeSession,
  type SessionRow,
} from '../../core/sessions.js';
import { requireStepUp } from '../../core/step-up.js';
import type { Database } from '../../db/client.js';
import { forbidden, notFound } from '../../http/errors.js';
import { findSessionInOrg, findUserInOrg } from './queries.js';

/** Whose sessions the caller may list: their own, or anyone in their org with SETTINGS_SECURITY_VIEW. */
export async function listSessionsFor(
  db: Database,
  auth: AuthContext,
  userId: string | undefined,
  now: Date,
) {
  const target = userId ?? auth.user.id;
  if (target !== auth.user.id) {
    if (!(await findUserInOrg(db, target, auth.org.id))) throw notFound('User');
    if (!auth.permissions.includes('SETTINGS_SECURITY_VIEW')) throw forbidden();
  }
  return liveSessionsOf(db, target, now);
}

/**
 * Revokes one session: the caller's own, or (with SETTINGS_SECURITY_EDIT) any in their org.
 * Another org's session is 404; authorisation comes before the step-up prompt.
 */
export async function revokeOne(
  db: Database,
  auth: AuthContext,
  sessionId: string,
  now: Date,
): Promise<SessionRow> {
  const target = await findSessionInOrg(db, sessionId, auth.org.id);
  if (!target) throw notFound('Session');
  const own = target.userId === auth.user.id;
  if (!own && !auth.permissions.includes('SETTINGS_SECURITY_EDIT')) throw notFound('Session');
  await requireStepUp(db, auth, 'REVOKE_SESSION', now);
  if (target.revokedAt) return target;
  await revokeSession(db, target.id, own ? 'user_revoked' : 'admin_revoked', auth.user.id, now);
  return target;
}

export function revokeAllOthers(db: Database, auth: AuthContext, now: Date): Promise<number> {
  return revokeOtherSessions(db, auth.user.id, auth.session.id, 'user_revoked_others', now);
}
