import { createHmac } from 'node:crypto';
import type { RecoveryCodesResponse, TotpSetupResponse } from '@gatehouse/shared';
import type { TestApp } from './app.js';
import { post, type SignedInAgent, stepUp } from './users.js';

/**
 * RFC 6238 written out again for the tests, independent of the server's library: RFC 4648
 * base32, RFC 4226 dynamic truncation, SHA-1, 30-second steps.
 */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => Number.parseInt(byte, 2)));
}

export function hotp(key: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const stepOf = (at: Date): number => Math.floor(at.getTime() / 1000 / 30);

/** The code an authenticator app shows at `at`, `offsetSteps` steps away. */
export function totpCode(secret: string, at: Date, offsetSteps = 0): string {
  return hotp(base32Decode(secret), stepOf(at) + offsetSteps);
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
  /** Moves the clock to the next time step and returns the code for it (no replay). */
  nextCode(): string;
}

/** Turns TOTP on for a user through the API, like the Security page does. */
export async function enrolTotp(t: TestApp, who: SignedInAgent): Promise<Enrolled> {
  await stepUp(who, 'MFA_CHANGE');
  const setup = await post(who, '/api/security/mfa/totp/setup').expect(200);
  const { secret } = setup.body as TotpSetupResponse;
  const enabled = await post(who, '/api/security/mfa/totp/enable')
    .send({ code: totpCode(secret, t.clock.now()) })
    .expect(200);
  return {
    secret,
    recoveryCodes: (enabled.body as RecoveryCodesResponse).recoveryCodes,
    nextCode: () => {
      t.clock.advance(30_000);
      return totpCode(secret, t.clock.now());
    },
  };
}
