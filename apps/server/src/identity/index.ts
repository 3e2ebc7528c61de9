/**
 * The identity core, below every feature: accounts, sessions (create, look up, cache + LISTEN,
 * touch, evict, revoke, sweep), API tokens as credentials, second factors, step-up grants, and
 * ending a user's access. One owner per table, one function per rule; no HTTP routes.
 */

export { type AccessChange, endUserAccess } from './access/end-access.js';
export {
  findLiveChallenge,
  findOrg,
  findUser,
  findUserByEmail,
  insertChallenge,
  insertOrgWithSettings,
  insertUser,
  knownDeviceHash,
  memberOfOrg,
  rememberDevice,
  setPasswordHash,
  spendChallenge,
} from './accounts/queries.js';
export {
  assertNoPasswordResetRequired,
  clearPasswordResetRequirement,
  requirePasswordReset,
} from './accounts/reset-required.js';
export { actionableMember, browserParty, refuseWeakPassword } from './accounts/rules.js';
export { tokenAuthenticator } from './api-tokens/authenticate.js';
export { liveTokenOfOrg, markRevoked } from './api-tokens/queries.js';
export {
  createApiToken,
  type KeptToken,
  listApiTokens,
  liveTokensCreatedBy,
  revokeTokensCreatedBy,
} from './api-tokens/service.js';
export { providerOf } from './passkeys/aaguids.js';
export type { AssertionContext } from './passkeys/assertion.js';
export {
  signInOptions,
  signInPasskey,
  stepUpOptions,
  verifySignInPasskey,
  verifyStepUpPasskey,
} from './passkeys/flows.js';
export { ownPasskey } from './passkeys/queries.js';
export { type RelyingParty, relyingPartyOf } from './passkeys/relying-party.js';
export {
  listPasskeys,
  passkeyStanding,
  passkeysRequiredFor,
  registerPasskey,
  registrationOptions,
  removeOwnPasskey,
  renameOwnPasskey,
  toPasskeyDTO,
} from './passkeys/service.js';
export {
  conflict as secondFactorConflict,
  currentUser,
  disableTotp,
  enableTotp,
  mfaStatus,
  setUpTotp,
} from './second-factor/enrol.js';
export { resealTotpSecrets } from './second-factor/rotation.js';
export {
  assertNotLocked,
  countVerifyFailure,
  type OnFailure,
  replaceRecoveryCodes,
  type SecondFactorProof,
  type VerifyParty,
  verifySecondFactor,
} from './second-factor/verify.js';
export {
  authenticateToken,
  SESSION_ABSOLUTE_EXPIRES_HEADER,
  SESSION_IDLE_EXPIRES_HEADER,
  sessionAuthenticator,
  sessionOfCookie,
  sessionProblem,
} from './sessions/authenticate.js';
export {
  notifyApiTokenChanged,
  notifyOrgChanged,
  notifySessionsChanged,
  notifyUserChanged,
  SessionCache,
  startSessionCache,
} from './sessions/cache.js';
export { toSessionDTO } from './sessions/dto.js';
export { endChosenSession, overSessionLimit } from './sessions/limit.js';
export {
  impersonators,
  isLive,
  liveSessionsOf,
  lockLiveSessionInOrg,
  purgeSessionBatch,
  sessionById,
  userInOrg,
} from './sessions/queries.js';
export {
  type CreatedSession,
  createSession,
  endGrantsAndChallenges,
  endSessionsOf,
  IMPERSONATOR_ACCESS_ENDED,
  markSessionMfa,
  revokeOrgSessions,
  revokeOtherSessions,
  revokeSession,
  revokeSessions,
  rotateSessionToken,
  signSessionOut,
  slidIdleExpiry,
  touchSession,
} from './sessions/service.js';
export { impersonationModeOf, impersonationOf } from './sessions/support.js';
export {
  PURGE_BATCH_SIZE,
  purgeExpiredSessions,
  purgeOrgExpiredSessions,
  startSweeper,
} from './sessions/sweeper.js';
export { orgRequiresMfa, requireStepUp, stepUpRequired } from './step-up/guard.js';
export { type StepUpResult, verifyStepUp } from './step-up/verify.js';
