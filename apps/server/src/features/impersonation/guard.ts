import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import type { ImpersonationRule } from '../../http/route.js';
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
