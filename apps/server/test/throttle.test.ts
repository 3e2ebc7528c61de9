import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../src/core/throttle.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { PASSWORD, post, signIn, signUp, uniqueEmail } from './support/users.js';

const WINDOW_MS = 15 * 60 * 1000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function login(app: TestApp['app'], email: string, password: string, ip: string) {
  return request(app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .send({ email, password });
}

/** Ten failures on the account, each from an address of its own. */
async function failFromTenAddresses(email: string, prefix: string, app = t.app) {
  for (let i = 0; i < 10; i += 1)
    expect((await login(app, email, 'wrong-password!', `${prefix}.${i + 1}`)).status).toBe(401);
}

describe('sign-in throttling', () => {
  it('locks one address out of one account after 10 failures, even for the right password, until the window passes', async () => {
    const owner = await signUp(t);
    const ip = '198.51.100.7';
    for (let i = 0; i < 10; i += 1)
      expect((await login(t.app, owner.email, 'wrong-password!', ip)).status).toBe(401);
    const locked = await login(t.app, owner.email, PASSWORD, ip);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    t.clock.advance(WINDOW_MS);
    expect((await login(t.app, owner.email, PASSWORD, ip)).status).toBe(200);
  });

  it('never locks the owner out of a browser that signed in to the account before', async () => {
    const owner = await signUp(t);
    await post(owner, '/api/auth/logout').expect(204);
    // An attacker fails from many addresses; the owner's browser still carries its gh_device.
    await failFromTenAddresses(owner.email, '198.51.101');
    for (let i = 0; i < 5; i += 1)
      await login(t.app, owner.email, 'wrong-password!', `198.51.102.${i + 1}`);
    const res = await owner.agent
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', '198.51.103.1')
      .send({ email: owner.email, password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it('never lets a stranger on a shared office address lock out a colleague’s known browser there; the stranger stays locked', async () => {
    const owner = await signUp(t);
    await post(owner, '/api/auth/logout').expect(204);
    const office = '198.51.110.1';
    // The stranger fails on the account, then sprays other accounts, all from the office.
    for (let i = 0; i < 10; i += 1)
      expect((await login(t.app, owner.email, 'wrong-password!', office)).status).toBe(401);
    for (let i = 0; i < 40; i += 1)
      expect((await login(t.app, uniqueEmail(), 'wrong-password!', office)).status).toBe(401);
    expect((await login(t.app, owner.email, PASSWORD, office)).status).toBe(429);
    const colleague = await owner.agent
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', office)
      .send({ email: owner.email, password: PASSWORD });
    expect(colleague.status).toBe(200);
    // The known browser's success clears nothing the stranger counted.
    expect((await login(t.app, owner.email, PASSWORD, office)).status).toBe(429);
    expect((await login(t.app, uniqueEmail(), PASSWORD, office)).status).toBe(429);
  });

  it('holds a known browser to its own 10 failures in 15 minutes, and no other browser is held by them', async () => {
    const owner = await signUp(t);
    await post(owner, '/api/auth/logout').expect(204);
    const fromKnown = (password: string, ip: string) =>
      owner.agent
        .post('/api/auth/login')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', ip)
        .send({ email: owner.email, password });
    // From a new address each time: only the browser's own counter can stop it.
    for (let i = 0; i < 10; i += 1)
      expect((await fromKnown('wrong-password!', `198.51.111.${i + 1}`)).status).toBe(401);
    expect((await fromKnown(PASSWORD, '198.51.111.50')).status).toBe(429);
    expect((await login(t.app, owner.email, PASSWORD, '198.51.112.1')).status).toBe(200);
    t.clock.advance(WINDOW_MS);
    expect((await fromKnown(PASSWORD, '198.51.111.50')).status).toBe(200);
  });

  it('slows an account failed from many addresses for unknown browsers (one try per 30 s), without a hard lock', async () => {
    const owner = await signUp(t);
    await failFromTenAddresses(owner.email, '198.51.104');
    const paced = await login(t.app, owner.email, PASSWORD, '198.51.105.1');
    expect(paced.status).toBe(429);
    expect(Number(paced.headers['retry-after'])).toBeLessThanOrEqual(30);
    t.clock.advance(30_000);
    expect((await login(t.app, owner.email, PASSWORD, '198.51.105.1')).status).toBe(200);
  });

  it('locks an address after 50 failures across different accounts', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < 50; i += 1)
      expect((await login(t.app, uniqueEmail(), 'wrong-password!', ip)).status).toBe(401);
    const owner = await signUp(t);
    expect((await login(t.app, owner.email, PASSWORD, ip)).status).toBe(429);
    expect((await login(t.app, owner.email, PASSWORD, '203.0.113.51')).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as its IPv4', async () => {
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    const owner = await signUp(t);
    for (let i = 0; i < 10; i += 1)
      await login(t.app, owner.email, 'wrong-password!', `2001:db8:aa:bb::${i + 1}`);
    expect((await login(t.app, owner.email, PASSWORD, '2001:db8:aa:bb:1::9')).status).toBe(429);
  });

  it('shares the counters between instances on one database', async () => {
    const other = await createTestApp({ handle: t.handle });
    try {
      const owner = await signUp(t);
      await failFromTenAddresses(owner.email, '192.0.2');
      const res = await login(other.app, owner.email, PASSWORD, '192.0.2.200');
      expect(res.status).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('sign-up throttling', () => {
  function signup(ip: string) {
    return request(t.app)
      .post('/api/auth/signup')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', ip)
      .send({ orgName: 'Flood', name: 'Flo Od', email: uniqueEmail('flood'), password: PASSWORD });
  }

  it('refuses the 11th sign-up an hour from one address (IPv6 by /64), and no account is made', async () => {
    for (let i = 0; i < 10; i += 1)
      expect((await signup(`2001:db8:5:6::${i + 1}`)).status).toBe(201);
    const refused = await signup('2001:db8:5:6:ffff::1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signup('2001:db8:5:7::1')).status).toBe(201);
    t.clock.advance(60 * 60 * 1000);
    expect((await signup('2001:db8:5:6::1')).status).toBe(201);
  });

  it('throttles admins creating users from one address', async () => {
    const owner = await signUp(t);
    const admin = await signIn(t, owner.email);
    const create = () =>
      post(admin, '/api/admin/users')
        .set('X-Forwarded-For', '203.0.113.77')
        .send({ email: uniqueEmail(), name: 'New Person', role: 'member', password: PASSWORD });
    for (let i = 0; i < 30; i += 1) expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(429);
  });
});
