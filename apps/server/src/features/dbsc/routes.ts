import type { Express } from 'express';
import type { AppDeps } from '../../deps.js';
import { REFRESH_PATH, REGISTER_PATH } from '../../http/dbsc/protocol.js';
import { refreshBoundSession } from './refresh-bound-session.js';
import { registerDeviceKey } from './register-device-key.js';

/**
 * The browser's own endpoints (decision 025), outside the /api router: the browser sends no
 * CSRF token and may send no Origin. Both carry a proof signed by the device's key, and the
 * session cookie (SameSite=Lax: never on another site's POST).
 */
export function mountDbsc(app: Express, deps: AppDeps): void {
  app.post(REGISTER_PATH, registerDeviceKey(deps));
  app.post(REFRESH_PATH, refreshBoundSession(deps));
}
