/**
 * Security alerts (DESIGN §9), a layer below the features: the sign-in rules, account-change
 * alerts and owner notices, raised in the transaction of the change (most as reactions to its
 * audit events, `reactions.ts`), with their mails. Its HTTP (/admin/alerts) is `routes.ts`.
 */

export { FAILED_SIGN_INS_ALERT_AT, watchFailedSignIns } from './failed-sign-ins.js';
export { keptTokensSection } from './kept-tokens.js';
export { alertOwners, type OwnerNotice } from './owners.js';
export { passkeyCounterRegressed } from './passkeys.js';
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
export { REVOKED_SESSION } from './reactions.js';
export { type SignInFacts, watchSignIn } from './sign-in.js';
export { alertScopeOf, tellTheUser } from './tell-the-user.js';
export { type KeptTokensSection, keptTokensHtml, keptTokensText } from './templates.js';
