import type { Reaction } from '../http/reactions.js';

/**
 * The alerts as reactions to audit events (decision 019): adding an alert is adding an entry
 * here, not editing a handler.
 */
export const alertReactions: readonly Reaction[] = [];
