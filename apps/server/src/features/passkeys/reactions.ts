import { tellTheUser } from '../../alerts/index.js';
import { type Reaction, reaction } from '../../http/reactions.js';

/** The user hears of each passkey added, renamed or removed: every time, never folded. */
export const passkeyReactions: readonly Reaction[] = [
  reaction('PASSKEY_ADDED', tellTheUser('passkey_added', { everyTime: true })),
  reaction('PASSKEY_RENAMED', tellTheUser('passkey_renamed', { everyTime: true })),
  reaction('PASSKEY_REMOVED', tellTheUser('passkey_removed', { everyTime: true })),
];
