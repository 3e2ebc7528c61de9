/**
 * Anyone creates an organisation and becomes its owner, signed in (201). Refused: past the
 * sign-up throttle of the address (429), a weak password (400), an email already used (409) —
 * unless mail can tell the real owner, when a taken email gets a new sign-up's answer and its
 * owner a mail (SIGN_UP_EMAIL_TAKEN, decision 014).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type AuthResponse,
  authResponseSchema,
  PRESET_MINUTES,
  permissionsOf,
  type SignupRequest,
  signupRequestSchema,
} from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import type { Keys } from '../../core/keys.js';
import { hashPassword } from '../../core/passwords.js';
import { recordFailure } from '../../core/throttle.js';
import { newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { type SignInClient, signInClient } from '../../http/client-info.js';
import { setSessionCookie } from '../../http/cookies.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  findUserByEmail,
  insertOrgWithSettings,
  insertUser,
  refuseWeakPassword,
} from '../../identity/index.js';
import { openSession, type SignedIn } from './open-session.js';
import { signedInResponse } from './responder.js';
import { checkSignUpThrottle, SIGN_UP_RULE, signUpKey } from './throttle.js';

export const signUp: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/signup',
    tag: 'auth',
    access: 'public',
    status: 201,
    summary: 'Create an organisation; the caller becomes its owner and is signed in',
    body: signupRequestSchema,
    response: authResponseSchema,
    audit: 'USER_SIGNED_UP',
  },
  async ({ db, body, req, res, client, audit, now, deps, onFailure, afterCommit }) => {
    const { config, keys } = deps;
    // Refused at the throttle before any hashing; every attempt past it counts.
    await checkSignUpThrottle(db, client.ip, now);
    const counted = (into: typeof db) =>
      recordFailure(into, signUpKey(client.ip), SIGN_UP_RULE, now);
    onFailure(counted);
    await counted(db);
    // With mail to tell the real owner, a taken email gets a new sign-up's answer (decision 014).
    const owner = config.smtpUrl ? await takenEmailOwner(db, body) : undefined;
    if (owner) {
      // Its owner is mailed by the reaction to SIGN_UP_EMAIL_TAKEN.
      const decoy = await answerTakenEmail(body, { now, keys });
      audit.succeedAs('SIGN_UP_EMAIL_TAKEN', {
        targetType: 'user',
        targetId: owner.id,
        metadata: { orgName: body.orgName },
      });
      afterCommit(() => setSessionCookie(res, config, decoy.token, decoy.absoluteExpiresAt));
      return decoy.response;
    }
    const signedIn = await createAccount(db, body, signInClient(req, res, deps), now, audit);
    audit.actor(signedIn.user);
    audit.set({
      targetType: 'user',
      targetId: signedIn.user.id,
      metadata: { orgName: signedIn.org.name },
    });
    afterCommit(() =>
      setSessionCookie(res, config, signedIn.token, signedIn.session.absoluteExpiresAt),
    );
    return signedInResponse(keys, signedIn);
  },
);

function emailInUse(): AppError {
  return new AppError('CONFLICT', 'An account with this email already exists', {
    issues: [{ path: 'email', message: 'An account with this email already exists' }],
  });
}

function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(3).toString('hex')}`;
}

/** The org, its owner and their first session. */
async function createAccount(
  db: Executor,
  input: SignupRequest,
  client: SignInClient,
  now: Date,
  audit: Pick<AuditEmitter, 'hand'>,
): Promise<SignedIn> {
  refuseWeakPassword(input.password, 'password', [input.email, input.name, input.orgName]);
  if (await findUserByEmail(db, input.email)) throw emailInUse();
  const passwordHash = await hashPassword(input.password);
  const org = await insertOrgWithSettings(db, input.orgName, slugify(input.orgName), now);
  const user = await insertUser(db, {
    orgId: org.id,
    email: input.email,
    name: input.name,
    role: 'owner',
    passwordHash,
    createdAt: now,
  });
  return { user, org, ...(await openSession(db, user, client, now, audit)) };
}

/** The account that already uses a sign-up's email, after the same checks a new one passes. */
async function takenEmailOwner(db: Executor, input: SignupRequest): Promise<UserRow | undefined> {
  refuseWeakPassword(input.password, 'password', [input.email, input.name, input.orgName]);
  return findUserByEmail(db, input.email);
}

const MINUTE_MS = 60 * 1000;

/**
 * Sign-up with an address that already has an account, when mail can reach its owner: the same
 * cost (an argon2 hash) and the same 201 shape as a new sign-up, but nothing is created and the
 * cookie opens no session; the owner is mailed instead (decision 014 says what this costs).
 */
async function answerTakenEmail(
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
