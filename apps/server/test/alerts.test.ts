import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoDatabase } from '../src/core/geo.js';
import { orgSecuritySettings } from '../src/db/schema/index.js';
import {
  alertTypesOf,
  BOXFORD,
  CHANGCHUN,
  DAY_MS,
  GEO_DB,
  HOUR_MS,
  LINKOPING,
  LONDON,
  loginFrom,
  MILTON,
  MINUTE_MS,
  mailsTo,
  newBrowser,
} from './support/alerts.js';
import { APP_URL, createTestApp, type TestApp } from './support/app.js';
import { addMember, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ geo: openGeoDatabase(GEO_DB) });
});
afterAll(async () => {
  await t.close();
});

describe('new-device alert', () => {
  it('alerts on a browser the user has not used, with an email saying where, when and which', async () => {
    const owner = await signUp(t);
    expect((await loginFrom(owner.agent, owner.email, LONDON)).status).toBe(200);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual([]);

    const res = await loginFrom(newBrowser(t), owner.email, LONDON);
    expect(res.status).toBe(200);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual(['new_device']);
    const [mail] = await mailsTo(t, owner.email);
    expect(mail).toMatchObject({ kind: 'alert_new_device', status: 'pending' });
    expect(mail?.subject).toBe('Security alert: Sign-in from a new device');
    expect(mail?.text).toContain('London, GB');
    expect(mail?.text).toContain('Chrome on macOS');
    expect(mail?.text).toContain(LONDON);
    expect(mail?.text).toContain(`${APP_URL}/settings/security`);
    expect(mail?.text).toMatch(new RegExp(`${APP_URL}/this-wasnt-me\\?token=[A-Za-z0-9_-]{40,}`));
    expect(mail?.html).toContain('this-wasnt-me?token=');
  });

  it('alerts again on a browser unused for 30 days, not on one used yesterday', async () => {
    const owner = await signUp(t);
    t.clock.advance(DAY_MS);
    await loginFrom(owner.agent, owner.email, LONDON);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual([]);
    t.clock.advance(31 * DAY_MS);
    await loginFrom(owner.agent, owner.email, LONDON);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual(['new_device']);
  });

  it('stays quiet on the first sign-in ever', async () => {
    const owner = await signUp(t);
    const member = await addMember(t, owner, 'member');
    expect(await alertTypesOf(t, member.body.user.id)).toEqual([]);
    expect(await mailsTo(t, member.email)).toEqual([]);
  });

  it('escapes a hostile device label in the email HTML', async () => {
    const owner = await signUp(t);
    const hostile = '<img src=x onerror=alert(1)>';
    await loginFrom(newBrowser(t), owner.email, LONDON, {
      'Sec-CH-UA': '"Chromium";v="124"',
      'Sec-CH-UA-Platform': `"${hostile}"`,
    });
    const [mail] = await mailsTo(t, owner.email);
    expect(mail?.text).toContain(hostile);
    expect(mail?.html).not.toContain('<img');
    expect(mail?.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('new-country and impossible-travel alerts', () => {
  it('alerts on a country the user has not signed in from, but not on the first one', async () => {
    const owner = await signUp(t);
    await loginFrom(owner.agent, owner.email, LONDON);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual([]);
    t.clock.advance(2 * DAY_MS);
    await loginFrom(owner.agent, owner.email, LINKOPING);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual(['new_country']);
    t.clock.advance(2 * DAY_MS);
    await loginFrom(owner.agent, owner.email, LONDON);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual(['new_country']);
    const mails = await mailsTo(t, owner.email);
    expect(mails.map((m) => m.kind)).toEqual(['alert_new_country']);
    expect(mails[0]?.text).toContain('Linköping, SE');
  });

  it('alerts when two sign-ins imply travel faster than 1,000 km/h', async () => {
    const owner = await signUp(t);
    await loginFrom(owner.agent, owner.email, LONDON);
    t.clock.advance(2 * HOUR_MS);
    await loginFrom(owner.agent, owner.email, CHANGCHUN);
    const types = await alertTypesOf(t, owner.body.user.id);
    expect(types).toContain('impossible_travel');
    const travel = (await mailsTo(t, owner.email)).find(
      (m) => m.kind === 'alert_impossible_travel',
    );
    expect(travel?.text).toMatch(/\d+ km from the previous sign-in \(London, GB\) 120 minutes/);
  });

  it('does not call a trip possible in time impossible', async () => {
    const owner = await signUp(t);
    await loginFrom(owner.agent, owner.email, LONDON);
    t.clock.advance(12 * HOUR_MS);
    await loginFrom(owner.agent, owner.email, CHANGCHUN);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual(['new_country']);
  });

  it('ignores a jump the accuracy radius covers, and a place that is unknown', async () => {
    const owner = await signUp(t);
    await loginFrom(owner.agent, owner.email, LONDON);
    t.clock.advance(MINUTE_MS);
    // London to Boxford is ~80 km: inside Boxford's 100 km radius.
    await loginFrom(owner.agent, owner.email, BOXFORD);
    t.clock.advance(MINUTE_MS);
    // An address GeoIP does not know, then far away: the unknown place proves nothing.
    await loginFrom(owner.agent, owner.email, '198.18.0.9');
    t.clock.advance(MINUTE_MS);
    await loginFrom(owner.agent, owner.email, MILTON);
    const types = await alertTypesOf(t, owner.body.user.id);
    expect(types).not.toContain('impossible_travel');
    // Milton is a new country; the London sessions still live make the overlap suspicious.
    expect(types).toEqual(['new_country', 'shared_account']);
  });
});

describe('shared-account alert', () => {
  it('alerts on live sessions from two countries within an hour', async () => {
    const owner = await signUp(t);
    await loginFrom(owner.agent, owner.email, LONDON);
    t.clock.advance(20 * HOUR_MS);
    await loginFrom(owner.agent, owner.email, LONDON);
    t.clock.advance(30 * MINUTE_MS);
    // A day from the last sign-in elsewhere, so no travel alert: only the overlap is suspicious.
    await loginFrom(newBrowser(t), owner.email, MILTON);
    const types = await alertTypesOf(t, owner.body.user.id);
    expect(types).toContain('shared_account');
    const mail = (await mailsTo(t, owner.email)).find((m) => m.kind === 'alert_shared_account');
    expect(mail?.text).toContain('GB, US');
  });

  it('alerts on more devices active at once than the limit, and mails the evicted session', async () => {
    const owner = await signUp(t);
    await t.deps.db
      .update(orgSecuritySettings)
      .set({ maxSessionsPerUser: 2 })
      .where(eq(orgSecuritySettings.orgId, owner.body.org.id));
    await loginFrom(newBrowser(t), owner.email, LONDON);
    await loginFrom(newBrowser(t), owner.email, LONDON);
    const types = await alertTypesOf(t, owner.body.user.id);
    expect(types).toContain('shared_account');
    expect(types).toContain('session_evicted');
    const evicted = (await mailsTo(t, owner.email)).find((m) => m.kind === 'alert_session_evicted');
    expect(evicted?.subject).toBe('Security alert: Session ended by the session limit');
  });
});

describe('dedup', () => {
  it('sends the same alert for the same user and device at most once an hour', async () => {
    const owner = await signUp(t);
    await loginFrom(owner.agent, owner.email, LONDON);
    t.clock.advance(2 * DAY_MS);
    await loginFrom(owner.agent, owner.email, LINKOPING);
    t.clock.advance(2 * DAY_MS);
    await loginFrom(owner.agent, owner.email, CHANGCHUN);
    expect(await alertTypesOf(t, owner.body.user.id)).toEqual(['new_country', 'new_country']);
    t.clock.advance(10 * MINUTE_MS);
    await loginFrom(owner.agent, owner.email, MILTON);
    const countries = async () =>
      (await alertTypesOf(t, owner.body.user.id)).filter((x) => x === 'new_country');
    expect(await countries()).toHaveLength(2);
    expect(
      (await mailsTo(t, owner.email)).filter((m) => m.kind === 'alert_new_country'),
    ).toHaveLength(2);
    t.clock.advance(HOUR_MS);
    // Another browser is another device: its own alerts.
    await loginFrom(newBrowser(t), owner.email, BOXFORD);
    expect(
      (await alertTypesOf(t, owner.body.user.id)).filter((x) => x === 'new_device'),
    ).toHaveLength(1);
  });
});
