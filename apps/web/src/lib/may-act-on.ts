import {
  type ActionOnPerson,
  type ActionTarget,
  type Actor,
  type ImpersonationDTO,
  isOffered,
  type MeResponse,
  mayActOn,
  type Role,
} from '@gatehouse/shared';

/**
 * The signed-in person as the shared policy (`mayActOn`, packages/shared) sees them: the same
 * rules the server enforces decide which controls a page offers. In a support session it is the
 * impersonated user, in the org's mode for support sessions.
 */
export const actorOf = (me: {
  user: Pick<MeResponse['user'], 'id' | 'role' | 'permissions'>;
  impersonation: Pick<ImpersonationDTO, 'mode'> | null;
}): Actor => ({
  id: me.user.id,
  role: me.user.role,
  permissions: me.user.permissions,
  supportSession: me.impersonation?.mode ?? null,
});

/**
 * Whether a control for `action` on `target` is offered: hidden where the server would refuse it,
 * shown (and disabled by WriteControl) in a read-only support session.
 */
export const offers = (
  actor: Actor,
  action: ActionOnPerson,
  target: ActionTarget,
  role?: Role,
): boolean => isOffered(mayActOn({ actor, target, action, role }));
