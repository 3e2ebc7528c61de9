import { type EndedAccess, endedAccessSchema } from '@gatehouse/shared';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditLogs, sessions } from '../../src/db/schema/index.js';
import type { TestApp } from './app.js';
import { addMember, post, type SignedInAgent, signUp, stepUp } from './users.js';

export const REASON = 'Customer asked for help with their share links';

/** Opens a support session in `admin`'s browser; its CSRF token is the new session's from then. */
export async function impersonate(
  admin: SignedInAgent,
  userId: string,
  proof?: { code: string },
): Promise<void> {
  await stepUp(admin, 'IMPERSONATION', proof);
  await post(admin, `/api/impersonate/${userId}`).send({ reason: REASON }).expect(200);
  admin.csrf = (await admin.agent.get('/api/auth/me').expect(200)).body.csrfToken;
}

/** The support sessions an administrator opened (live or not). */
export async function supportSessionIds(t: TestApp, adminId: string): Promise<string[]> {
  const rows = await t.deps.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.impersonatorUserId, adminId));
  return rows.map((r) => r.id);
}

/** The org's audit rows of one action, oldest first. */
export function auditRows(t: TestApp, orgId: string, action: string) {
  return t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, action)))
    .orderBy(auditLogs.seq);
}

/** An org with two owners (so one can act on the other), an admin and a member. */
export async function orgWithTwoOwners(t: TestApp) {
  const owner = await signUp(t);
  const coOwner = await addMember(t, owner, 'owner');
  const admin = await addMember(t, owner, 'admin');
  const member = await addMember(t, owner, 'member');
  return { owner, coOwner, admin, member };
}

/**
 * Resolves once `app` (a second instance) has heard a committed change to someone's sessions
 * (its cache epoch moved past `epoch`). NOTIFY reaches each listener on its own connection, a
 * moment apart (DESIGN §12: p99 ≤ 10 ms): the writer waits only for its own instance to hear.
 */
export async function heardBy(app: TestApp, epoch: number): Promise<void> {
  for (let waited = 0; app.deps.sessionCache.currentEpoch === epoch; waited += 5) {
    if (waited > 2_000) throw new Error('the other instance heard nothing');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What an audit row says ended (`metadata.ended`), checked against the shared schema. */
export function endedOf(row: { metadata: unknown } | undefined): EndedAccess {
  return z.object({ ended: endedAccessSchema }).parse(row?.metadata).ended;
}
