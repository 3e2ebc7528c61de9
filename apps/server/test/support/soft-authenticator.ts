import {
  createHash,
  createSign,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type {
  AuthenticationOptions,
  AuthenticationResponse,
  RegistrationOptions,
  RegistrationResponse,
} from '@gatehouse/shared';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/** The tests' APP_URL (test/support/app.ts); the bench passes its own. */
const DEFAULT_ORIGIN = 'http://gatehouse.test';

/**
 * A software authenticator for the API tests: ES256 keys from node:crypto, attestation "none",
 * CBOR from @simplewebauthn's own encoder (no hand-written CBOR or COSE). It answers what a
 * platform authenticator would, and can be told to misbehave (no user verification, another
 * origin, an old counter) to prove each refusal.
 */
export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

const b64url = (bytes: Uint8Array | Buffer): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

/** 1Password's AAGUID (from the bundled provider table). */
export const ONE_PASSWORD_AAGUID = 'bada5566-a7aa-401f-bd96-45619a55120d';

export interface Misbehaviour {
  origin?: string;
  userVerified?: boolean;
  counter?: number;
  challenge?: string;
  type?: string;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  constructor(
    readonly options: {
      synced?: boolean;
      aaguid?: string;
      counterStep?: number;
      origin?: string;
    } = {},
  ) {}

  private get origin(): string {
    return this.options.origin ?? DEFAULT_ORIGIN;
  }

  private flags(userVerified: boolean, extra = 0): number {
    const backup = this.options.synced ? FLAG_BE | FLAG_BS : 0;
    return FLAG_UP | (userVerified ? FLAG_UV : 0) | backup | extra;
  }

  private clientData(type: string, challenge: string, bad: Misbehaviour): string {
    return b64url(
      Buffer.from(
        JSON.stringify({
          type: bad.type ?? type,
          challenge: bad.challenge ?? challenge,
          origin: bad.origin ?? this.origin,
          crossOrigin: false,
        }),
      ),
    );
  }

  register(options: RegistrationOptions, bad: Misbehaviour = {}): RegistrationResponse {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(32);
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const aaguid = Buffer.from(
      (this.options.aaguid ?? ONE_PASSWORD_AAGUID).replace(/-/g, ''),
      'hex',
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const counter = Buffer.alloc(4);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(bad.userVerified ?? true, FLAG_AT)]),
      counter,
      aaguid,
      idLength,
      id,
      Buffer.from(cose),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, number>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, number>()],
        ['authData', authData],
      ]),
    );
    this.credentials.push({ id, privateKey, userHandle: options.user.id, counter: 0 });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, bad),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** Signs the options' challenge with a credential (the first, or the one given). */
  assert(
    options: AuthenticationOptions,
    bad: Misbehaviour = {},
    credential: SoftCredential | undefined = this.credentials[0],
  ): AuthenticationResponse {
    if (!credential) throw new Error('no credential registered on this authenticator');
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const step = this.options.counterStep ?? (this.options.synced ? 0 : 1);
    credential.counter = bad.counter ?? credential.counter + step;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(bad.userVerified ?? true)]),
      counter,
    ]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, bad);
    const signer = createSign('sha256');
    signer.update(Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]));
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signer.sign(credential.privateKey)),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}
