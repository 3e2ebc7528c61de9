import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;
/** ±1 step of clock drift between phone and server. */
const DRIFT_TOLERANCE_S = TOTP_PERIOD_S;
export const TOTP_ISSUER = 'Gatehouse';

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

/**
 * The time step a code belongs to, or null when it matches none within ±1 step of `now` or
 * matches only steps at or before `lastStep` (an accepted step is never accepted again).
 */
export async function matchTotpStep(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: DRIFT_TOLERANCE_S,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  // The functional API types TOTP and HOTP results alike; only TOTP's carries the step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
