import { type AlertScope, watchSignIn } from '../../alerts/index.js';
import type { Executor } from '../../db/client.js';
import type { OrgRow, SessionRow, UserRow } from '../../db/rows.js';
import type { SignInClient } from '../../http/client-info.js';
import {
  assertNoPasswordResetRequired,
  type CreatedSession,
  createSession,
  rememberDevice,
} from '../../identity/index.js';

export interface SignedIn {
  user: UserRow;
  org: OrgRow;
  session: SessionRow;
  token: string;
  evicted: SessionRow[];
}

/**
 * Opens a session for a verified user, runs the sign-in alert rules (with `alerts`; a sign-up
 * has none to run) and remembers the browser it came from.
 */
export async function openSession(
  db: Executor,
  user: UserRow,
  client: SignInClient,
  now: Date,
  authMethods: string[] = ['password'],
  alerts: AlertScope | null = null,
  /** The session the person chose to end at the limit (ended already, by the caller). */
  chosen: SessionRow[] = [],
): Promise<CreatedSession> {
  assertNoPasswordResetRequired(user);
  const opened = await createSession(db, { user, ...client, authMethods, now });
  const created = { ...opened, evicted: [...chosen, ...opened.evicted] };
  await watchSignIn(db, alerts, { user, client, ...created, now });
  await rememberDevice(
    db,
    {
      userId: user.id,
      deviceIdHash: client.deviceIdHash,
      label: client.device.label,
      country: client.geo?.country ?? null,
    },
    now,
  );
  return created;
}
