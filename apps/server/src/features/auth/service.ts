import { randomBytes } from 'node:crypto';
import type { ChangePasswordRequest, LoginRequest, SignupRequest } from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import { rememberDevice } from '../../core/known-devices.js';
import { hashPassword, verifyPassword } from '../../core/passwords.js';
import {
  type AuthContext,
  type CreatedSession,
  createSession,
  invalidateUserSessions,
  type OrgRow,
  revokeOtherSessions,
  type SessionRow,
  type UserRow,
} from '../../core/sessions.js';
import {
  clearFailures,
  recordFailure,
  SIGN_IN_THROTTLE,
  throttleWait,
} from '../../core/throttle.js';
import type { Database, Executor } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { sessions, users } from '../../db/schema/index.js';
import type { SignInClient } from '../../http/client-info.js';
import { AppError, rateLimited } from '../../http/errors.js';
import { issueMfaChallenge } from './mfa-login.js';
import { findOrg, findUserByEmail, insertOrgWithSettings } from './queries.js';

export interface SignedIn {
  user: UserRow;
  org: OrgRow;
  session: SessionRow;
  token: string;
  evicted: SessionRow[];
}

/** Opens a session for a verified user and remembers the browser it came from. */
export async function openSession(
  db: Executor,
  user: UserRow,
  client: SignInClient,
  now: Date,
  authMethods: string[] = ['password'],
): Promise<CreatedSession> {
  const created = await createSession(db, { user, ...client, authMethods, now });
  await rememberDevice(db, user.id, client, now);
  return created;
}

export function emailInUse(): AppError {
  return new AppError('CONFLICT', 'An account with this email already exists', {
    issues: [{ path: 'email', message: 'An account with this email already exists' }],
  });
}

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(3).toString('hex')}`;
}

export async function signUp(
  db: Database,
  input: SignupRequest,
  client: SignInClient,
  now: Date,
): Promise<SignedIn> {
  if (await findUserByEmail(db, input.email)) throw emailInUse();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const org = await insertOrgWithSettings(tx, input.orgName, slugify(input.orgName), now);
      const [user] = await tx
        .insert(users)
        .values({
          orgId: org.id,
          email: input.email,
          name: input.name,
          role: 'owner',
          passwordHash,
          createdAt: now,
        })
        .returning();
      if (!user) throw new Error('user insert returned no row');
      return { user, org, ...(await openSession(tx, user, client, now)) };
    });
  } catch (err: unknown) {
    if (isUniqueViolation(err)) throw emailInUse();
    throw err;
  }
}

const invalidCredentials = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'Invalid email or password');

export const accountThrottleKey = (email: string): string => `sign-in:account:${email}`;
export const ipThrottleKey = (ip: string | null): string => `sign-in:ip:${ip ?? 'unknown'}`;

export type PasswordSignIn = SignedIn | { mfaRequired: true; mfaToken: string; user: UserRow };

/**
 * Password sign-in. Throttled per account and per IP before the password is looked at; an
 * unknown email costs one argon2 verification like a known one and gets the same answer.
 */
export async function signIn(
  db: Database,
  input: LoginRequest,
  client: SignInClient,
  now: Date,
  onUserKnown: (user: UserRow) => void,
): Promise<PasswordSignIn> {
  const keys = [accountThrottleKey(input.email), ipThrottleKey(client.ip)];
  for (const key of keys) {
    const wait = await throttleWait(db, key, SIGN_IN_THROTTLE, now);
    if (wait > 0) throw rateLimited(wait);
  }
  const user = await findUserByEmail(db, input.email);
  if (user) onUserKnown(user);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || user.disabledAt) {
    for (const key of keys) await recordFailure(db, key, SIGN_IN_THROTTLE, now);
    throw invalidCredentials();
  }
  await clearFailures(db, keys[0] ?? accountThrottleKey(input.email));
  if (user.totpEnabled)
    return { mfaRequired: true, mfaToken: await issueMfaChallenge(db, user, now), user };
  const org = await findOrg(db, user.orgId);
  if (!org) throw invalidCredentials();
  return { user, org, ...(await openSession(db, user, client, now)) };
}

/** Changes the password; every other session of the user dies through session_version. */
export async function changePassword(
  db: Database,
  auth: AuthContext,
  input: ChangePasswordRequest,
  now: Date,
): Promise<number> {
  const key = accountThrottleKey(auth.user.email);
  const wait = await throttleWait(db, key, SIGN_IN_THROTTLE, now);
  if (wait > 0) throw rateLimited(wait);
  if (!(await verifyPassword(auth.user.passwordHash, input.currentPassword))) {
    await recordFailure(db, key, SIGN_IN_THROTTLE, now);
    throw new AppError('INVALID_PASSWORD', 'Current password is wrong', {
      issues: [{ path: 'currentPassword', message: 'Current password is wrong' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, auth.user.id));
    const version = await invalidateUserSessions(tx, auth.user.id);
    await tx
      .update(sessions)
      .set({ sessionVersion: version })
      .where(eq(sessions.id, auth.session.id));
    return revokeOtherSessions(tx, auth.user.id, auth.session.id, 'password_changed', now);
  });
}
