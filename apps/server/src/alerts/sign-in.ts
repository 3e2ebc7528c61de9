import { quoted } from '../core/quoted-text.js';
import type { Executor } from '../db/client.js';
import type { SessionRow, UserRow } from '../db/rows.js';
import type { SignInClient } from '../http/client-info.js';
import {
  countriesOf,
  devicesOf,
  lastSignInOf,
  recentlyActiveSessions,
  recordSignIn,
  sessionLimitOf,
} from './queries.js';
import { type AlertInput, type AlertScope, fromSession, raiseAlert } from './raise.js';
import { impliedTravel, isImpossible } from './travel.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A browser not used for this long is new again (DESIGN §9). */
export const NEW_DEVICE_AFTER_MS = 30 * DAY_MS;
/** A country not signed in from for this long is new again (a yearly trip still alerts once a year). */
export const NEW_COUNTRY_AFTER_MS = 365 * DAY_MS;
/** Live sessions from two countries within this window look like one account in two hands. */
export const SHARED_ACCOUNT_WINDOW_MS = 60 * 60 * 1000;

export interface SignInFacts {
  user: UserRow;
  client: SignInClient;
  session: SessionRow;
  /** Sessions this sign-in pushed out over the org's limit. */
  evicted: SessionRow[];
  now: Date;
}

/**
 * Runs the sign-in rules in the sign-in's transaction — new device, new country, impossible
 * travel, shared account, session-limit eviction — then remembers this sign-in for the next.
 * Must run before the device is remembered (known_devices), so "new" means new. Without a
 * scope (sign-up, the first sign-in ever) nothing is raised, only remembered.
 */
export async function watchSignIn(
  db: Executor,
  scope: AlertScope | null,
  facts: SignInFacts,
): Promise<void> {
  if (scope) {
    const alerts = [
      ...(await deviceAndPlaceAlerts(db, facts)),
      ...(await sharedAccountAlerts(db, facts)),
      ...facts.evicted.map((evicted) => evictionAlert(evicted, facts)),
    ];
    for (const alert of alerts) await raiseAlert(db, scope, alert);
  }
  const geo = facts.client.geo;
  await recordSignIn(db, {
    userId: facts.user.id,
    at: facts.now,
    ip: facts.client.ip,
    country: geo?.country ?? null,
    city: geo?.city ?? null,
    latitude: geo?.latitude ?? null,
    longitude: geo?.longitude ?? null,
    accuracyKm: geo?.accuracyKm ?? null,
  });
}

async function deviceAndPlaceAlerts(db: Executor, facts: SignInFacts): Promise<AlertInput[]> {
  const { user, client, session, now } = facts;
  const origin = fromSession(session);
  const alerts: AlertInput[] = [];
  const devices = await devicesOf(db, user.id);
  // No device at all: the first sign-in ever, which is new by definition and not news.
  const thisDevice = devices.find((d) => client.deviceIdHashes.includes(d.deviceIdHash));
  const recentDevice =
    thisDevice && thisDevice.lastSeenAt.getTime() > now.getTime() - NEW_DEVICE_AFTER_MS;
  if (devices.length > 0 && !recentDevice) alerts.push({ type: 'new_device', user, origin });

  const country = client.geo?.country;
  if (country) {
    const countries = await countriesOf(db, user.id);
    const since = now.getTime() - NEW_COUNTRY_AFTER_MS;
    const seenHere = countries.some((c) => c.country === country && c.lastSeenAt.getTime() > since);
    if (countries.length > 0 && !seenHere) alerts.push({ type: 'new_country', user, origin });
  }

  const previous = await lastSignInOf(db, user.id);
  const here = client.geo;
  if (
    previous?.latitude != null &&
    previous.longitude != null &&
    here?.latitude != null &&
    here.longitude != null
  ) {
    const travel = impliedTravel(
      {
        latitude: previous.latitude,
        longitude: previous.longitude,
        accuracyKm: previous.accuracyKm,
      },
      previous.at,
      { latitude: here.latitude, longitude: here.longitude, accuracyKm: here.accuracyKm ?? null },
      now,
    );
    if (isImpossible(travel)) {
      const from =
        [previous.city, previous.country].filter(Boolean).join(', ') || 'an unknown place';
      const minutes = Math.round(travel.hours * 60);
      alerts.push({
        type: 'impossible_travel',
        user,
        origin,
        summary: `${Math.round(travel.distanceKm)} km from the previous sign-in (${from}) ${minutes} minutes earlier.`,
      });
    }
  }
  return alerts;
}

async function sharedAccountAlerts(db: Executor, facts: SignInFacts): Promise<AlertInput[]> {
  const { user, now, session } = facts;
  const since = new Date(now.getTime() - SHARED_ACCOUNT_WINDOW_MS);
  const active = await recentlyActiveSessions(db, user.id, since, now);
  const countries = new Set(active.flatMap((s) => (s.country ? [s.country] : [])));
  const devices = new Set(active.flatMap((s) => (s.deviceIdHash ? [s.deviceIdHash] : [])));
  const limit = await sessionLimitOf(db, user.orgId);
  let summary: string | null = null;
  if (countries.size >= 2)
    summary = `Sessions active within the hour from ${[...countries].sort().join(', ')}.`;
  else if (devices.size > limit)
    summary = `${devices.size} devices active within the hour; the limit is ${limit}.`;
  if (!summary) return [];
  // Keyed to no device: one alert an hour for the account, whichever browser tips it over.
  const base = fromSession(session);
  const origin = base ? { ...base, deviceIdHash: null } : null;
  return [{ type: 'shared_account', user, origin, summary }];
}

function evictionAlert(evicted: SessionRow, facts: SignInFacts): AlertInput {
  const label = facts.session.device?.label;
  const by = label ? `another device, ${quoted(label)},` : 'another device';
  return {
    type: 'session_evicted',
    user: facts.user,
    origin: fromSession(evicted),
    summary: `A sign-in from ${by} went over your organisation's session limit and ended this session.`,
    adminSummary: (name) =>
      `A sign-in of ${quoted(name)} from ${by} went over the organisation's session limit and ended this session.`,
  };
}
