import { randomBytes } from 'node:crypto';
import type { AuthResponse, StepUpPurpose } from '@gatehouse/shared';
import request from 'supertest';
import { type Agent, ORIGIN, type TestApp } from './app.js';

export const PASSWORD = 'correct-horse-battery-staple';

export interface SignedInAgent {
  agent: Agent;
  csrf: string;
  body: AuthResponse;
  email: string;
}

/** A random address in 198.18.0.0/15 (RFC 2544 benchmarking space), as a trusted proxy reports it. */
export function randomAddress(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `198.${18 + (a % 2)}.${b}.${c}`;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/** Signs up a new org through the API; every test builds its own. */
export async function signUp(
  t: TestApp,
  overrides: { email?: string; orgName?: string } = {},
): Promise<SignedInAgent> {
  const agent = request.agent(t.app);
  const email = overrides.email ?? uniqueEmail('owner');
  const res = await agent
    .post('/api/auth/signup')
    .set('Origin', ORIGIN)
    // Sign-ups are throttled per address: each test's org comes from an address of its own.
    .set('X-Forwarded-For', randomAddress())
    .send({
      orgName: overrides.orgName ?? 'Test Org',
      name: 'Owner Person',
      email,
      password: PASSWORD,
    });
  if (res.status !== 201)
    throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as AuthResponse;
  return { agent, csrf: body.csrfToken, body, email };
}

export async function signIn(
  t: TestApp,
  email: string,
  password = PASSWORD,
  userAgent?: string,
): Promise<SignedInAgent> {
  const agent = request.agent(t.app);
  const req = agent.post('/api/auth/login').set('Origin', ORIGIN);
  if (userAgent) req.set('User-Agent', userAgent);
  const res = await req.send({ email, password });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as AuthResponse;
  return { agent, csrf: body.csrfToken, body, email };
}

/** A password sign-in from a new browser, its answer as it came (a refusal, or a second step). */
export function attemptSignIn(t: TestApp, email: string, password = PASSWORD) {
  return request(t.app).post('/api/auth/login').set('Origin', ORIGIN).send({ email, password });
}

/** Creates a user in the owner's org through the Team API and signs them in. */
export async function addMember(
  t: TestApp,
  owner: SignedInAgent,
  role: 'owner' | 'admin' | 'member',
): Promise<SignedInAgent> {
  const email = uniqueEmail(role);
  // Handing out an admin's or an owner's power needs a fresh ROLE_CHANGE verification.
  if (role !== 'member') await stepUp(owner, 'ROLE_CHANGE');
  const res = await owner.agent
    .post('/api/admin/users')
    .set('Origin', ORIGIN)
    .set('X-CSRF-Token', owner.csrf)
    .send({ email, name: `A ${role}`, role, password: PASSWORD });
  if (res.status !== 201)
    throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return signIn(t, email);
}

/** A write with the Origin and CSRF headers a browser would send. */
export function post(who: SignedInAgent, path: string) {
  return who.agent.post(path).set('Origin', ORIGIN).set('X-CSRF-Token', who.csrf);
}

/** Re-authenticates the session for one purpose, with the password unless told otherwise. */
export async function stepUp(
  who: SignedInAgent,
  purpose: StepUpPurpose,
  proof: { password: string } | { code: string } | { recoveryCode: string } = {
    password: PASSWORD,
  },
): Promise<void> {
  const res = await post(who, '/api/security/stepup/verify').send({ purpose, ...proof });
  if (res.status !== 200)
    throw new Error(`step-up failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export function patch(who: SignedInAgent, path: string) {
  return who.agent.patch(path).set('Origin', ORIGIN).set('X-CSRF-Token', who.csrf);
}
