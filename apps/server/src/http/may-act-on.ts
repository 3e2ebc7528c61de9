import {
  type ActionOnPerson,
  type ActionTarget,
  type Actor,
  mayActOn,
  type RefusalReason,
  type Role,
} from '@gatehouse/shared';
import type { AuthContext } from './auth-context.js';
import { AppError, forbidden } from './errors.js';

/**
 * The server's side of the shared policy "who may act on whom" (packages/shared
 * `authorization.ts`): a use case asks it, and a refusal becomes the error that use case has
 * always answered with. The support-session rules of the table are the runner's (a route's
 * `impersonation` comes from the same table), so the actor here is the request's user as such.
 */
export const actorOf = (auth: Pick<AuthContext, 'user' | 'permissions'>): Actor => ({
  id: auth.user.id,
  role: auth.user.role,
  permissions: auth.permissions,
});

/** A use case's own words for a refusal, where they are not the defaults. */
export type Refusals = Partial<Record<RefusalReason, () => AppError>>;

const DEFAULT_REFUSALS: Record<RefusalReason, () => AppError> = {
  missing_permission: () => forbidden(),
  self: () => new AppError('CONFLICT', 'That is you: use "Log out other devices" instead'),
  owner_out_of_reach: () => forbidden('An admin cannot do this to an owner'),
  owner_never: () => forbidden('Nobody can do this to an owner'),
  role_out_of_reach: () => forbidden('You cannot give that role'),
  support_session: () => forbidden('Not from a support session'),
  support_read_only: () =>
    new AppError('IMPERSONATION_READ_ONLY', 'This support session is read-only'),
};

/** Throws the use case's error for a refusal (its own words, else the defaults above). */
export function assertMayActOn(
  auth: Pick<AuthContext, 'user' | 'permissions'>,
  action: ActionOnPerson,
  target: ActionTarget,
  options: { role?: Role | undefined; refusals?: Refusals | undefined } = {},
): void {
  const decision = mayActOn({
    actor: actorOf(auth),
    target,
    action,
    role: options.role,
  });
  if (decision.allowed) return;
  throw (options.refusals?.[decision.reason] ?? DEFAULT_REFUSALS[decision.reason])();
}
