import { fileURLToPath } from 'node:url';
import type { AdminAlert, SecurityActivityItem } from '@gatehouse/shared';
import { asc, eq } from 'drizzle-orm';
import request from 'supertest';
import { outboxEmails, securityAlerts } from '../../src/db/schema/index.js';
import { type Agent, ORIGIN, type TestApp } from './app.js';
import { PASSWORD, type SignedInAgent } from './users.js';

/** The MaxMind test database: 81.2.69.142 London GB, 175.16.199.7 Changchun CN, … (README). */
export const GEO_DB = fileURLToPath(
  new URL('../fixtures/geoip/GeoIP2-City-Test.mmdb', import.meta.url),
);
export const LONDON = '81.2.69.142';
export const BOXFORD = '2.125.160.216';
export const LINKOPING = '89.160.20.112';
export const CHANGCHUN = '175.16.199.7';
export const MILTON = '216.160.83.56';
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Signs in with a browser (an agent keeps its gh_device cookie) from an address. */
export async function loginFrom(
  agent: Agent,
  email: string,
  ip: string,
  headers: Record<string, string> = {},
) {
  let req = agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', ip)
    .set(
      'User-Agent',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    );
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.send({ email, password: PASSWORD });
}

export const newBrowser = (t: TestApp): Agent => request.agent(t.app);

export async function alertTypesOf(t: TestApp, userId: string): Promise<string[]> {
  const rows = await t.deps.db
    .select({ type: securityAlerts.type })
    .from(securityAlerts)
    .where(eq(securityAlerts.userId, userId))
    .orderBy(asc(securityAlerts.createdAt));
  return rows.map((r) => r.type);
}

export function mailsTo(t: TestApp, email: string) {
  return t.deps.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.to, email))
    .orderBy(asc(outboxEmails.createdAt));
}

/** The "This wasn't me" token of an alert email. */
export function wasntMeToken(text: string): string {
  const match = /\/this-wasnt-me\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error('no "This wasn\'t me" link in the email');
  return match[1];
}

/** The user's Security activity as the page reads it (its first 100 entries unless `query` says). */
export async function activityOf(
  who: SignedInAgent,
  query = '?limit=100',
): Promise<SecurityActivityItem[]> {
  return (await who.agent.get(`/api/security/activity${query}`).expect(200)).body.items;
}

/** The org's alerts as an administrator's Alerts page reads them. */
export async function adminAlertsOf(who: SignedInAgent, query = ''): Promise<AdminAlert[]> {
  return (await who.agent.get(`/api/admin/alerts${query}`).expect(200)).body.alerts;
}
