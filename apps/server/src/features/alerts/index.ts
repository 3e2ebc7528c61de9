/** Security alerts (DESIGN §9): the sign-in rules, account-change alerts, /admin/alerts. */

export { FAILED_SIGN_INS_ALERT_AT, watchFailedSignIns } from './failed-sign-ins.js';
export { alertOwners, type OwnerNotice } from './owners.js';
export {
  alertByWasntMeToken,
  lastSignInAddresses,
  spendUserWasntMeTokens,
  spendWasntMeToken,
} from './queries.js';
export {
  ALERT_DEDUP_MS,
  type AlertInput,
  type AlertOrigin,
  type AlertScope,
  fromSession,
  raiseAlert,
  WASNT_ME_TTL_MS,
} from './raise.js';
export {
  assertNoPasswordResetRequired,
  clearPasswordResetRequirement,
  requirePasswordReset,
} from './reset-required.js';
export { alertRoutes } from './routes.js';
export { type SignInFacts, watchSignIn } from './sign-in.js';
export { type KeptTokensSection, keptTokensHtml, keptTokensText } from './templates.js';
