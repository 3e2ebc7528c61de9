import type { Executor } from '../../db/client.js';
import { notFound } from '../../http/errors.js';
import { ownPasskey } from '../../identity/index.js';

/** One of the caller's own passkeys; another user's (or none) is 404. */
export async function ownPasskeyOr404(db: Executor, userId: string, id: string) {
  const passkey = await ownPasskey(db, userId, id);
  if (!passkey) throw notFound('Passkey');
  return passkey;
}
