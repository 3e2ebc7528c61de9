/** Device-bound sessions (DBSC, decision 025): registration, refresh, the bound-cookie rule. */
export { deviceBoundAuthenticator } from './enforce.js';
export { offerDeviceBinding } from './offer.js';
export {
  BOUND_COOKIE,
  REFRESH_PATH,
  REGISTER_PATH,
  REGISTRATION_HEADER,
} from './protocol.js';
export { mountDbsc } from './routes.js';
export { KEY_MISMATCH_REASON } from './service.js';
