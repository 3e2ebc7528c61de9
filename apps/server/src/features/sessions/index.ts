/** Sessions: create, look up, cache + LISTEN, touch, evict, revoke, sweep. */
export {
  authenticateToken,
  SESSION_ABSOLUTE_EXPIRES_HEADER,
  SESSION_IDLE_EXPIRES_HEADER,
  sessionAuthenticator,
  sessionOfCookie,
  sessionProblem,
} from './authenticate.js';
export {
  notifyApiTokenChanged,
  notifyOrgChanged,
  notifySessionsChanged,
  notifyUserChanged,
  SessionCache,
  startSessionCache,
} from './cache.js';
export { toSessionDTO } from './dto.js';
export { impersonators, isLive, liveSessionsOf, purgeSessionBatch } from './queries.js';
export { sessionRoutes } from './routes.js';
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
  slidIdleExpiry,
  touchSession,
} from './service.js';
export { endChosenSession, overSessionLimit } from './session-limit.js';
export { PURGE_BATCH_SIZE, purgeExpiredSessions, startSweeper } from './sweeper.js';
