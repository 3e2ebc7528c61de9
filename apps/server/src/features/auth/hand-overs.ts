import type { AlertOrigin, KeptTokensSection, SignInFacts } from '../../alerts/index.js';
import { handOver } from '../../audit/index.js';
import type { UserRow } from '../../db/rows.js';
import type { SignInClient } from '../../http/client-info.js';

/**
 * What auth's use cases hand to their reactions (`reactions.ts`) and no audit row keeps: the
 * browser's device hashes and place, the sessions a sign-in pushed out, a rendered mail section.
 */

/** A session was opened (sign-in or sign-up): its reactions run the rules, then remember it. */
export const SESSION_OPENED = handOver<Omit<SignInFacts, 'now'>>('auth: session opened');

/** A wrong password was counted (in the failure transaction): how many, and from where. */
export const SIGN_IN_FAILURE_COUNTED = handOver<{
  user: UserRow;
  client: SignInClient;
  accountFailures: number;
  windowMs: number;
}>('auth: sign-in failure counted');

/** A device-bound passkey answered with an old counter (identity refused it): whose, from where. */
export const PASSKEY_COUNTER_REGRESSED = handOver<{ userId: string; origin: AlertOrigin }>(
  'auth: passkey counter regressed',
);

/** The API tokens a password change kept, for the alert's mail (decision 017). */
export const KEPT_TOKENS = handOver<KeptTokensSection | null>('auth: kept tokens');
