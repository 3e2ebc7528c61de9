import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeoLookup } from '../src/core/geo.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { PASSWORD, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A GeoIP database that places every address in Linköping. */
const sweden: GeoLookup = {
  lookup: () => ({ country: 'SE', city: 'Linköping', latitude: 58.41, longitude: 15.62 }),
};

/** Signs in through the app `on` (the peer is loopback: a trusted proxy by default). */
async function placeOfSignIn(on: TestApp, headers: Record<string, string>) {
  const owner = await signUp(on);
  const agent = request.agent(on.app);
  await agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set(headers)
    .send({ email: owner.email, password: PASSWORD })
    .expect(200);
  const res = await agent.get('/api/security/sessions').expect(200);
  const current = res.body.sessions.find((s: { current: boolean }) => s.current);
  return { country: current.country as string | null, city: current.city as string | null };
}

async function withApp<T>(
  options: { env?: Record<string, string>; geo?: GeoLookup },
  work: (app: TestApp) => Promise<T>,
): Promise<T> {
  const app = await createTestApp({
    handle: t.handle,
    config: testConfig(options.env),
    ...(options.geo ? { geo: options.geo } : {}),
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

describe('geo headers (TRUST_GEO_HEADERS)', () => {
  it('ignores CF-IPCountry from a trusted proxy unless the variable names it', async () => {
    expect(await placeOfSignIn(t, { 'CF-IPCountry': 'GB', 'CF-IPCity': 'London' })).toEqual({
      country: null,
      city: null,
    });
  });

  it('does not let a client choose its country over the GeoIP database', async () => {
    // A stolen password used from abroad, claiming the victim's country to dodge the alerts.
    const place = await withApp({ geo: sweden }, (app) =>
      placeOfSignIn(app, { 'CF-IPCountry': 'GB', 'X-Geo-Country': 'GB' }),
    );
    expect(place).toEqual({ country: 'SE', city: 'Linköping' });
  });

  it('believes exactly the named headers from a trusted proxy', async () => {
    const env = { TRUST_GEO_HEADERS: 'CF-IPCountry' };
    await withApp({ env }, async (app) => {
      expect(await placeOfSignIn(app, { 'CF-IPCountry': 'gb', 'CF-IPCity': 'London' })).toEqual({
        country: 'GB',
        city: null,
      });
      expect(await placeOfSignIn(app, { 'X-Geo-Country': 'FR' })).toEqual({
        country: null,
        city: null,
      });
    });
  });

  it('ignores even named headers from a peer that is not a trusted proxy', async () => {
    const env = { TRUST_GEO_HEADERS: 'cf-ipcountry', TRUST_PROXY: 'false' };
    const place = await withApp({ env }, (app) => placeOfSignIn(app, { 'CF-IPCountry': 'GB' }));
    expect(place.country).toBeNull();
  });
});
