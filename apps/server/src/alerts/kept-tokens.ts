import { quoted } from '../core/quoted-text.js';
import type { Executor } from '../db/client.js';
import { liveTokensCreatedBy } from '../identity/index.js';
import type { KeptTokensSection } from './templates.js';

/**
 * The mail section listing the tokens a password change keeps (name, last four, last use) with
 * a link to review them, or null when the user has none: a stolen session may have minted one,
 * and the password change alone would not end it.
 */
export async function keptTokensSection(
  db: Executor,
  user: { id: string; orgId: string },
  context: { now: Date; appUrl: URL },
): Promise<KeptTokensSection | null> {
  const tokens = await liveTokensCreatedBy(db, user, context.now);
  if (tokens.length === 0) return null;
  return {
    tokens: tokens.map((token) => ({
      // Token names are typed by people: quoted data, never a line of ours (decision 021).
      name: quoted(token.name),
      lastFour: token.lastFour,
      lastUsed: token.lastUsedAt
        ? `${token.lastUsedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
        : 'never',
    })),
    reviewUrl: new URL('/admin/api-tokens', context.appUrl).toString(),
  };
}
