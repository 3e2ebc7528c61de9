import request from 'supertest';
import { ORIGIN, type TestApp } from './app.js';
import { addMember, PASSWORD, type SignedInAgent, signUp } from './users.js';

/** The owner works from this address (a trusted proxy reports it), unless a test says otherwise. */
export const OWNER_IP = '192.0.2.10';

export const get = (who: SignedInAgent, path: string, ip = OWNER_IP) =>
  who.agent.get(path).set('X-Forwarded-For', ip);
export const write = (who: SignedInAgent, method: 'post' | 'delete', path: string, ip = OWNER_IP) =>
  who.agent[method](path)
    .set('Origin', ORIGIN)
    .set('X-CSRF-Token', who.csrf)
    .set('X-Forwarded-For', ip);

export async function stepUp(who: SignedInAgent, ip = OWNER_IP): Promise<void> {
  await write(who, 'post', '/api/security/stepup/verify', ip)
    .send({ purpose: 'IP_RULE_CHANGE', password: PASSWORD })
    .expect(200);
}

export function addRule(
  who: SignedInAgent,
  rule: { action: 'allow' | 'deny'; cidr: string; note?: string; force?: boolean },
  ip = OWNER_IP,
) {
  return write(who, 'post', '/api/security/ip-rules', ip).send(rule);
}

export function login(t: TestApp, email: string, ip: string, password = PASSWORD) {
  const agent = request.agent(t.app);
  const pending = agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .send({ email, password });
  return { agent, pending };
}

export async function ownerWithMember(t: TestApp) {
  const owner = await signUp(t);
  await stepUp(owner);
  const member = await addMember(t, owner, 'member');
  return { owner, member };
}
