import type { ApiTokenScope, CreateApiTokenResponse } from '@gatehouse/shared';
import request from 'supertest';
import type { TestApp } from './app.js';
import { post, type SignedInAgent, stepUp } from './users.js';

/** Creates a token through the API as an owner (with the step-up it needs). */
export async function createToken(
  owner: SignedInAgent,
  scopes: ApiTokenScope[],
  options: { name?: string; expiresInDays?: number | null } = {},
): Promise<CreateApiTokenResponse> {
  await stepUp(owner, 'API_TOKEN_CHANGE');
  const res = await post(owner, '/api/admin/api-tokens').send({
    name: options.name ?? 'CI script',
    scopes,
    ...('expiresInDays' in options ? { expiresInDays: options.expiresInDays } : {}),
  });
  if (res.status !== 201)
    throw new Error(`create token failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreateApiTokenResponse;
}

/** A script's request: the bearer token, no cookie, no Origin, no CSRF header. */
export function bearer(t: TestApp, secret: string) {
  const agent = request(t.app);
  return {
    get: (path: string) => agent.get(path).set('Authorization', `Bearer ${secret}`),
    post: (path: string) => agent.post(path).set('Authorization', `Bearer ${secret}`),
    delete: (path: string) => agent.delete(path).set('Authorization', `Bearer ${secret}`),
  };
}
