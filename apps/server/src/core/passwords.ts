import { passwordStrength } from '@gatehouse/shared/password-strength';
import argon2 from 'argon2';

/** OWASP argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it still spends one verification against a dummy
 * hash, so that an unknown email costs the same time as a wrong password.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    dummyHash ??= hashPassword('gatehouse-dummy-password-for-timing');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * Why a new password is refused (too guessable: zxcvbn-ts with its common-password list), or
 * null. The same function drives the strength meter in the web app.
 */
export function weakPasswordReason(password: string, userInputs: string[]): string | null {
  const strength = passwordStrength(password, userInputs);
  return strength.acceptable ? null : strength.reason;
}
