import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { sessionOf } from '../../http/principal.js';
import type { ImpersonationRule, RequestCheck } from '../../http/route.js';
import { impersonationModeOf } from '../../identity/index.js';
import { countView } from './queries.js';

const readOnly = (message: string): AppError => new AppError('IMPERSONATION_READ_ONLY', message);

/**
 * Run by the route runner for every write of a support session: read-only unless the owner
 * allows full impersonation, and even then never credentials, step-up, roles, tokens or policy.
 */
export async function checkImpersonation(
  db: Executor,
  auth: AuthContext,
  rule: ImpersonationRule,
): Promise<void> {
  if (rule === 'always') return;
  if (rule === 'never')
    throw readOnly('Not while impersonating: this change is for the account’s owner only');
  if ((await impersonationModeOf(db, auth.org.id)) !== 'full')
    throw readOnly('This support session is read-only');
}

/**
 * Run by the route runner for every read of a support session: counted, not appended to the
 * chain one row per request; the count becomes one IMPERSONATION_PAGE_VIEWS row at its end.
 */
export function countSupportRead(
  db: Executor,
  auth: AuthContext,
  request: { method: string; route: string },
  now: Date,
): Promise<void> {
  return countView(db, auth.session.id, request, now);
}

/**
 * The runner's check of a support session's requests (registered by this feature, decision
 * 019): its writes follow the org's impersonation mode, its reads are counted.
 */
export const supportSessionCheck: RequestCheck = {
  // Not async: a write of an ordinary session waits for nothing here.
  beforeWrite(db, auth, def) {
    const session = sessionOf(auth);
    if (!session?.session.impersonatorUserId) return;
    return checkImpersonation(db, session, def.impersonation ?? 'mode');
  },
  afterRead(db, auth, def, now) {
    const session = sessionOf(auth);
    // A read with an audit action of its own is recorded as itself, not counted.
    if (!session?.session.impersonatorUserId || def.audit) return;
    return countSupportRead(
      db,
      session,
      { method: def.method.toUpperCase(), route: def.path },
      now,
    );
  },
};
