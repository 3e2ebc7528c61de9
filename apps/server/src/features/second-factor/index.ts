/** Second factor: TOTP, recovery codes, sealed keys and the attempt lock they share. */
export { secondFactorRoutes } from './routes.js';
