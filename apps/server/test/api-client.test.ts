import type { AddressInfo } from 'node:net';
import { createGatehouseClient } from '@gatehouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './support/api-tokens.js';
import { createTestApp, type TestApp } from './support/app.js';
import { addMember, signUp } from './support/users.js';

let t: TestApp;
let server: ReturnType<TestApp['app']['listen']>;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

describe('@gatehouse/client (the README example)', () => {
  it('lists the org’s sessions with a token and revokes one', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    const { secret } = await createToken(owner, ['sessions:read', 'sessions:write']);
    const gatehouse = createGatehouseClient({ baseUrl, token: secret });
    const { data, error } = await gatehouse.GET('/api/admin/sessions', {
      params: { query: { userId: member.body.user.id } },
    });
    expect(error).toBeUndefined();
    const target = data?.sessions[0];
    expect(target?.userId).toBe(member.body.user.id);
    const revoked = await gatehouse.DELETE('/api/admin/sessions/{id}', {
      params: { path: { id: target?.id ?? '' } },
    });
    expect(revoked.response.status).toBe(204);
    expect((await member.agent.get('/api/auth/me')).status).toBe(401);
    const denied = await gatehouse.GET('/api/admin/users', { params: { query: {} } });
    expect(denied.response.status).toBe(403);
    expect(denied.error).toMatchObject({ error: 'INSUFFICIENT_SCOPE' });
  });
});
