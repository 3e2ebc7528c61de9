import type { AuditEmitter } from '../../audit/index.js';
import type { Executor } from '../../db/client.js';
import type { OrgRow, SessionRow, UserRow } from '../../db/rows.js';
import type { SignInClient } from '../../http/client-info.js';
import {
  assertNoPasswordResetRequired,
  type CreatedSession,
  createSession,
} from '../../identity/index.js';
import { SESSION_OPENED } from './hand-overs.js';

export interface SignedIn {
  user: UserRow;
  org: OrgRow;
  session: SessionRow;
  token: string;
  evicted: SessionRow[];
}

/**
 * Opens a session for a verified user. The sign-in alert rules and the remembering of the
 * browser it came from are reactions to the sign-in's event (`reactions.ts`): they are handed
 * the session, the browser and the sessions it pushed out.
 */
export async function openSession(
  db: Executor,
  user: UserRow,
  client: SignInClient,
  now: Date,
  audit: Pick<AuditEmitter, 'hand'>,
  authMethods: string[] = ['password'],
  /** The session the person chose to end at the limit (ended already, by the caller). */
  chosen: SessionRow[] = [],
): Promise<CreatedSession> {
  assertNoPasswordResetRequired(user);
  const opened = await createSession(db, { user, ...client, authMethods, now });
  const created = { ...opened, evicted: [...chosen, ...opened.evicted] };
  audit.hand(SESSION_OPENED, { user, client, session: created.session, evicted: created.evicted });
  return created;
}
