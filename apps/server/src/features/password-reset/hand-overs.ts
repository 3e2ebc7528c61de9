import type { KeptTokensSection } from '../../alerts/index.js';
import { handOver } from '../../audit/index.js';

/**
 * What password-reset's use cases hand to their reactions (`reactions.ts`) and no audit row
 * keeps: the reset link is a secret, like its token; the kept-tokens list is a rendered section.
 */

/** The page that sets the new password, with the token in it: only its mail may carry it. */
export const RESET_LINK = handOver<string>('password-reset: link');

/** The API tokens a routine reset kept (null: none, or the reset after "This wasn't me"). */
export const KEPT_TOKENS = handOver<KeptTokensSection | null>('password-reset: kept tokens');
