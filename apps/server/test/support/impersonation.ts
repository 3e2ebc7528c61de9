import { and, count, eq } from 'drizzle-orm';
import request from 'supertest';
import {
  auditLogs,
  orglessAuditEvents,
  outboxEmails,
  sessions,
} from '../../src/db/schema/index.js';
import { recordEndedSupportSessions } from '../../src/features/impersonation/index.js';
import { ORIGIN, type TestApp } from './app.js';
import { addMember, post, type SignedInAgent, signUp, stepUp } from './users.js';

export const REASON = 'Ticket 4821: the Q3 report will not open';
export const MINUTE_MS = 60_000;

/** An owner, an admin and a member of one new org. */
export async function team(t: TestApp) {
  const owner = await signUp(t);
  const admin = await addMember(t, owner, 'admin');
  const member = await addMember(t, owner, 'member');
  return { owner, admin, member };
}

/** Starts a support session in the admin's browser; its CSRF token is the support session's. */
export async function impersonate(admin: SignedInAgent, userId: string, reason = REASON) {
  await stepUp(admin, 'IMPERSONATION');
  const res = await post(admin, `/api/impersonate/${userId}`).send({ reason });
  if (res.status !== 200)
    throw new Error(`impersonation failed: ${res.status} ${JSON.stringify(res.body)}`);
  admin.csrf = (await admin.agent.get('/api/auth/me')).body.csrfToken;
  return res.body.impersonation as { expiresAt: string; startedAt: string };
}

/** The browser's session cookie (its token), as an attacker who copied it would hold it. */
export function sessionCookieOf(who: SignedInAgent): string {
  const cookie = who.agent.jar.getCookie('gh_session', {
    domain: '127.0.0.1',
    path: '/',
    secure: false,
    script: false,
  });
  if (!cookie) throw new Error('no session cookie');
  return cookie.value;
}

/** Exit from a browser holding only this session cookie (no gh_return): a replay. */
export function exitWithCookie(t: TestApp, token: string) {
  return request(t.app)
    .post('/api/impersonate/exit')
    .set('Origin', ORIGIN)
    .set('Cookie', `gh_session=${token}`);
}

/** One run of the support-session sweeper, as an instance's timer would start it. */
export function sweepSupportSessions(t: TestApp) {
  return recordEndedSupportSessions(t.deps, t.clock.now());
}

/** What exists of an org: audit rows (and org-less ones), mails, sessions; for "wrote nothing". */
export async function footprint(t: TestApp, orgId: string) {
  const [audit] = await t.deps.db
    .select({ n: count() })
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId));
  const [orgless] = await t.deps.db.select({ n: count() }).from(orglessAuditEvents);
  const [mails] = await t.deps.db.select({ n: count() }).from(outboxEmails);
  const sessionRows = await t.deps.db
    .select()
    .from(sessions)
    .where(eq(sessions.orgId, orgId))
    .orderBy(sessions.id);
  return { audit: audit?.n, orgless: orgless?.n, mails: mails?.n, sessions: sessionRows };
}

/** The org's rows of one action, oldest first. */
export function rowsOf(t: TestApp, orgId: string, action: string) {
  return t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, action)))
    .orderBy(auditLogs.seq);
}
