import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createToken } from './support/api-tokens.js';
import { createTestApp, type TestApp } from './support/app.js';
import { addRule, OWNER_IP, stepUp } from './support/ip-rules.js';
import { signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('IP rules on API-token requests', () => {
  it('refuse a bearer token from a blocked address with 403 IP_BLOCKED, like a session', async () => {
    const owner = await signUp(t);
    const { secret } = await createToken(owner, ['sessions:read']);
    const from = (ip: string) =>
      bearer(t, secret).get('/api/admin/sessions').set('X-Forwarded-For', ip);
    await from('198.51.100.7').expect(200);

    await stepUp(owner);
    await addRule(owner, { action: 'deny', cidr: '198.51.100.0/24' }).expect(201);
    const blocked = await from('198.51.100.7');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ error: 'IP_BLOCKED' });
    // The same range written as IPv4-mapped IPv6 is the same network.
    expect((await from('::ffff:198.51.100.8')).status).toBe(403);
    await from('203.0.113.5').expect(200);

    // Once an allow rule exists, only its matches pass: the script's other network is out.
    await addRule(owner, { action: 'allow', cidr: `${OWNER_IP}/32` }).expect(201);
    expect((await from('203.0.113.5')).status).toBe(403);
    await from(OWNER_IP).expect(200);
  });

  it('leave another org’s tokens alone', async () => {
    const owner = await signUp(t);
    await stepUp(owner);
    await addRule(owner, { action: 'deny', cidr: '198.51.100.0/24' }).expect(201);
    const other = await signUp(t);
    const { secret } = await createToken(other, ['sessions:read']);
    await bearer(t, secret)
      .get('/api/admin/sessions')
      .set('X-Forwarded-For', '198.51.100.7')
      .expect(200);
  });
});
