import { z } from 'zod';
import { STEP_UP_PURPOSES } from '../step-up.js';
import { displayTextSchema } from './common.js';

/** Base64url text as WebAuthn's JSON serialisation carries it. */
const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');

const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const transportsSchema = z.array(z.enum(TRANSPORTS)).max(8);
const credentialDescriptor = z.object({
  id: base64url,
  type: z.literal('public-key'),
  transports: transportsSchema.optional(),
});
const userVerification = z.enum(['required', 'preferred', 'discouraged']);
const extensionResults = z.looseObject({});
/** The client extensions WebAuthn Level 3 names (AuthenticationExtensionsClientInputs). */
const extensionInputs = z.object({
  appid: z.string().optional(),
  credProps: z.boolean().optional(),
  hmacCreateSecret: z.boolean().optional(),
  minPinLength: z.boolean().optional(),
});

/** What `navigator.credentials.create` answered, as @simplewebauthn/browser serialises it. */
export const registrationResponseSchema = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: transportsSchema.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});
export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

/** What `navigator.credentials.get` answered (an assertion). */
export const authenticationResponseSchema = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

/** `PublicKeyCredentialCreationOptionsJSON`: what the browser needs to make a passkey. */
export const registrationOptionsSchema = z.object({
  challenge: base64url,
  rp: z.object({ name: z.string(), id: z.string().optional() }),
  user: z.object({ id: base64url, name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number().int() })),
  timeout: z.number().int().optional(),
  excludeCredentials: z.array(credentialDescriptor).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      requireResidentKey: z.boolean().optional(),
      residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
      userVerification: userVerification.optional(),
    })
    .optional(),
  hints: z.array(z.enum(['hybrid', 'security-key', 'client-device'])).optional(),
  attestation: z.enum(['direct', 'enterprise', 'indirect', 'none']).optional(),
  extensions: extensionInputs.optional(),
});
export type RegistrationOptions = z.infer<typeof registrationOptionsSchema>;

/** `PublicKeyCredentialRequestOptionsJSON`: a challenge to sign with a passkey. */
export const authenticationOptionsSchema = z.object({
  challenge: base64url,
  timeout: z.number().int().optional(),
  rpId: z.string().optional(),
  allowCredentials: z.array(credentialDescriptor).optional(),
  userVerification: userVerification.optional(),
  hints: z.array(z.enum(['hybrid', 'security-key', 'client-device'])).optional(),
  extensions: extensionInputs.optional(),
});
export type AuthenticationOptions = z.infer<typeof authenticationOptionsSchema>;

export const PASSKEY_NAME_MAX = 64;
export const passkeyNameSchema = displayTextSchema().trim().min(1).max(PASSKEY_NAME_MAX);

export const passkeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The maker of the authenticator, from its AAGUID ("iCloud Keychain"), or null when unknown. */
  provider: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  /** Synced between devices (backed up), or bound to this device only. */
  backedUp: z.boolean(),
});
export type PasskeyDTO = z.infer<typeof passkeySchema>;

export const passkeysResponseSchema = z.object({ passkeys: z.array(passkeySchema) });
export type PasskeysResponse = z.infer<typeof passkeysResponseSchema>;

export const passkeyRegisterRequestSchema = z.object({
  response: registrationResponseSchema,
  name: passkeyNameSchema.optional(),
});
export type PasskeyRegisterRequest = z.infer<typeof passkeyRegisterRequestSchema>;

export const passkeyRegisterResponseSchema = z.object({
  passkey: passkeySchema,
  /** Shown once when the passkey is the account's first factor: they cover every factor. */
  recoveryCodes: z.array(z.string()).optional(),
});
export type PasskeyRegisterResponse = z.infer<typeof passkeyRegisterResponseSchema>;

export const passkeyRenameRequestSchema = z.object({ name: passkeyNameSchema });
export type PasskeyRenameRequest = z.infer<typeof passkeyRenameRequestSchema>;
export const passkeyResponseSchema = z.object({ passkey: passkeySchema });

export const passkeySignInRequestSchema = z.object({ response: authenticationResponseSchema });
export type PasskeySignInRequest = z.infer<typeof passkeySignInRequestSchema>;

export const stepUpOptionsRequestSchema = z.object({ purpose: z.enum(STEP_UP_PURPOSES) });
export type StepUpOptionsRequest = z.infer<typeof stepUpOptionsRequestSchema>;
