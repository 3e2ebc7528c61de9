import { randomUUID } from 'node:crypto';
import {
  type AuthResponse,
  PRESET_MINUTES,
  permissionsOf,
  type SignupRequest,
} from '@gatehouse/shared';
import type { Keys } from '../../core/keys.js';
import { hashPassword } from '../../core/passwords.js';
import { newSessionToken } from '../../core/tokens.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { slugify } from './service.js';

const MINUTE_MS = 60 * 1000;

/**
 * Sign-up with an address that already has an account, when mail can reach its owner: the same
 * cost (an argon2 hash) and the same 201 shape as a new sign-up, but nothing is created and the
 * cookie opens no session; the owner is mailed instead (decision 014 says what this costs).
 */
export async function answerTakenEmail(
  input: SignupRequest,
  context: { now: Date; keys: Keys },
): Promise<{ response: AuthResponse; token: string; absoluteExpiresAt: Date }> {
  const { now, keys } = context;
  await hashPassword(input.password);
  const sessionId = randomUUID();
  const { idleMinutes, absoluteMinutes } = PRESET_MINUTES.standard;
  const absoluteExpiresAt = new Date(now.getTime() + absoluteMinutes * MINUTE_MS);
  const response: AuthResponse = {
    user: {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: 'owner',
      permissions: [...permissionsOf('owner')],
      mfaEnabled: false,
    },
    org: { id: randomUUID(), name: input.orgName, slug: slugify(input.orgName) },
    session: {
      id: sessionId,
      createdAt: now.toISOString(),
      idleExpiresAt: new Date(now.getTime() + idleMinutes * MINUTE_MS).toISOString(),
      absoluteExpiresAt: absoluteExpiresAt.toISOString(),
    },
    csrfToken: csrfTokenFor(keys, sessionId),
  };
  return { response, token: newSessionToken(), absoluteExpiresAt };
}
