import type { AuthResponse } from '@gatehouse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { PASSWORD, uniqueEmail } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

import { get, login, OWNER_IP, ownerWithMember, write } from './support/ip-rules.js';

describe('the preview', () => {
  it('counts the live sessions and people a would-be rule set blocks, and whether it blocks you', async () => {
    const { owner, member } = await ownerWithMember(t);
    const email = uniqueEmail('m2');
    await write(owner, 'post', '/api/admin/users')
      .send({ email, name: 'Second Member', role: 'member', password: PASSWORD })
      .expect(201);
    for (const [who, ip] of [
      [member.email, '203.0.113.1'],
      [member.email, '203.0.113.2'],
      [email, '203.0.113.3'],
      [email, '2001:db8::3'],
    ] as const)
      expect((await login(t, who, ip).pending).status).toBe(200);
    const preview = (rules: unknown) =>
      write(owner, 'post', '/api/security/ip-rules/preview').send({ rules });
    const res = await preview([{ action: 'deny', cidr: '203.0.113.0/24' }]).expect(200);
    expect(res.body).toMatchObject({
      blockedSessions: 3,
      blockedUserCount: 2,
      blocksYou: false,
      yourIp: OWNER_IP,
    });
    expect(res.body.blockedUsers).toEqual([
      expect.objectContaining({ email: member.email, sessions: 2 }),
      expect.objectContaining({ email, sessions: 1 }),
    ]);
    const allowOnly = await preview([{ action: 'allow', cidr: '2001:db8::/32' }]).expect(200);
    // Everyone outside the range: the owner's and the members' other sessions.
    expect(allowOnly.body.blocksYou).toBe(true);
    expect(allowOnly.body.blockedUserCount).toBe(3);
    expect((await preview([])).body).toMatchObject({ blockedSessions: 0, blocksYou: false });
    const bad = await preview([{ action: 'deny', cidr: 'nope' }]);
    expect(bad.status).toBe(422);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'rules.0.cidr' })]);
    // Nothing was saved, and a member may not look.
    expect((await get(owner, '/api/security/ip-rules')).body.rules).toEqual([]);
    const m = (await login(t, member.email, '198.51.100.1').pending).body as AuthResponse;
    expect(m.csrfToken).toBeTruthy();
    expect(
      (await write(member, 'post', '/api/security/ip-rules/preview').send({ rules: [] })).status,
    ).toBe(403);
  });
});
