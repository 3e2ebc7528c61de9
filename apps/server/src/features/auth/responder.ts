import type { AuthResponse } from '@gatehouse/shared';
import type { Response } from 'express';
import type { AuditEmitter } from '../../audit/index.js';
import type { Keys } from '../../core/keys.js';
import type { AppDeps } from '../../deps.js';
import { setSessionCookie } from '../../http/cookies.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { offerDeviceBinding } from '../../http/dbsc/offer.js';
import { toCurrentSessionDTO, toOrgDTO, toUserDTO } from './dto.js';
import type { SignedIn } from './open-session.js';

/** What every sign-in (password, second step, passkey, sign-up) and `me` answer. */
export function signedInResponse(
  keys: Keys,
  signedIn: Omit<SignedIn, 'token' | 'evicted'>,
): AuthResponse {
  return {
    user: toUserDTO(signedIn.user),
    org: toOrgDTO(signedIn.org),
    session: toCurrentSessionDTO(signedIn.session),
    csrfToken: csrfTokenFor(keys, signedIn.session.id),
  };
}

/** The end of every sign-in: audit details, evictions, the cookie (after commit), the answer. */
export function completeSignIn(
  deps: Pick<AppDeps, 'config' | 'keys' | 'clock'>,
  signedIn: SignedIn,
  ctx: {
    audit: AuditEmitter<'LOGIN_SUCCESS'>;
    res: Response;
    afterCommit(effect: () => void): void;
  },
  mfaMethod?: 'totp' | 'recovery_code' | 'passkey',
): AuthResponse {
  const { config, keys, clock } = deps;
  const { session, user } = signedIn;
  ctx.audit.set({
    targetType: 'user',
    targetId: user.id,
    country: session.country,
    city: session.city,
    metadata: {
      email: user.email,
      sessionId: session.id,
      device: session.device?.label ?? null,
      authMethods: session.authMethods,
      ...(mfaMethod ? { mfaMethod } : {}),
    },
  });
  for (const evicted of signedIn.evicted) {
    ctx.audit.emit('SESSION_EVICTED', {
      targetType: 'session',
      targetId: evicted.id,
      metadata: {
        reason: 'session_limit',
        device: evicted.device?.label ?? null,
        newSessionId: session.id,
      },
    });
  }
  ctx.afterCommit(() => {
    setSessionCookie(ctx.res, config, signedIn.token, session.absoluteExpiresAt);
    // Over HTTPS the browser may bind the new session to a key of its own (decision 025).
    offerDeviceBinding(ctx.res, { config, keys }, session.id, clock.now());
  });
  return signedInResponse(keys, signedIn);
}
