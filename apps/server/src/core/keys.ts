import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { AuditKeys } from './audit-keys.js';
import { SecretBox } from './secret-box.js';

/**
 * One purpose's HMAC key, built once at start. While a rotation is under way (APP_SECRET_PREVIOUS
 * set) values signed under the previous secret still verify until they expire.
 */
export class HmacKey {
  readonly #keys: KeyObject[];
  readonly #purpose: string;

  constructor(purpose: string, secrets: readonly string[]) {
    this.#purpose = purpose;
    this.#keys = secrets.map((secret) => createSecretKey(Buffer.from(secret)));
  }

  /** The MAC under the current secret, base64url. */
  sign(value: string): string {
    return this.#mac(0, value);
  }

  /** True when `mac` was made for `value` by the current or the previous secret. */
  verify(value: string, mac: string): boolean {
    return this.#keys.some((_, i) => safeEqual(mac, this.#mac(i, value)));
  }

  /** Every digest a value may be stored under, current first (lookups during a rotation). */
  digests(value: string): string[] {
    return this.#keys.map((_, i) => this.#mac(i, value));
  }

  #mac(index: number, value: string): string {
    const key = this.#keys[index];
    if (!key) throw new Error('no such key');
    return createHmac('sha256', key).update(`${this.#purpose}\0${value}`).digest('base64url');
  }
}

/** AES-GCM boxes for secrets at rest; opens what the previous secret sealed, and says so. */
export class SealedSecrets {
  readonly #boxes: SecretBox[];

  constructor(purpose: string, secrets: readonly string[]) {
    this.#boxes = secrets.map((secret) => new SecretBox(secret, purpose));
  }

  seal(plain: string, associatedData: string): string {
    const [current] = this.#boxes;
    if (!current) throw new Error('no key');
    return current.seal(plain, associatedData);
  }

  /** `stale` when only the previous secret opened it: the caller should seal it again. */
  open(sealed: string, associatedData: string): { plain: string; stale: boolean } {
    let failure: unknown;
    for (const [index, box] of this.#boxes.entries()) {
      try {
        return { plain: box.open(sealed, associatedData), stale: index > 0 };
      } catch (err: unknown) {
        failure = err;
      }
    }
    throw failure;
  }
}

/** Every key the app uses, derived from APP_SECRET (and APP_SECRET_PREVIOUS) once at start. */
export interface Keys {
  csrf: HmacKey;
  downloadUrl: HmacKey;
  recoveryCode: HmacKey;
  deviceId: HmacKey;
  /** DBSC registration challenges and bound cookies (decision 025). */
  dbsc: HmacKey;
  totpSecrets: SealedSecrets;
  /** The audit chain's HMAC key and checkpoint signing key (decision 012). */
  audit: AuditKeys;
}

export function deriveKeys(secret: string, previous?: string): Keys {
  const secrets = previous ? [secret, previous] : [secret];
  return {
    csrf: new HmacKey('csrf', secrets),
    downloadUrl: new HmacKey('download', secrets),
    recoveryCode: new HmacKey('recovery-code', secrets),
    deviceId: new HmacKey('device', secrets),
    dbsc: new HmacKey('dbsc', secrets),
    totpSecrets: new SealedSecrets('totp-secret', secrets),
    audit: new AuditKeys(secret, previous),
  };
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
