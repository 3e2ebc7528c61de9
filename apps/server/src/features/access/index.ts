/** Ending a user's access, everything they hold at once (decision 017), and what a password change keeps. */
export { keptTokensSection } from './kept-tokens.js';
