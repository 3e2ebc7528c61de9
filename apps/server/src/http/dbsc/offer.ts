import type { Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { REGISTRATION_HEADER, registrationHeader } from './protocol.js';
import { registrationChallenge } from './tokens.js';

/**
 * The one hook every sign-in answer calls (password, second step, passkey, sign-up): over
 * HTTPS it offers DBSC registration with a challenge bound to the new session. A browser
 * without DBSC ignores the header; over plain HTTP nothing is offered.
 */
export function offerDeviceBinding(
  res: Response,
  deps: Pick<AppDeps, 'config' | 'keys'>,
  sessionId: string,
  now: Date,
): void {
  if (deps.config.appUrl.protocol !== 'https:') return;
  const challenge = registrationChallenge(deps.keys.dbsc, sessionId, now);
  res.setHeader(REGISTRATION_HEADER, registrationHeader(challenge));
}
