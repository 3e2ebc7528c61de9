/** Second factor: TOTP, recovery codes, sealed keys and the attempt lock they share. */

export { deleteRecoveryCodes } from './queries.js';
export { resealTotpSecrets } from './rotation.js';
export { secondFactorRoutes } from './routes.js';
export {
  assertNotLocked,
  countVerifyFailure,
  type OnFailure,
  replaceRecoveryCodes,
  type SecondFactorProof,
  type VerifyParty,
  verifySecondFactor,
} from './verify.js';
