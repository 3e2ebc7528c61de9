/**
 * The relying party is the app itself: its RP ID is APP_URL's host name (`localhost` in
 * development, which browsers treat as a secure context) and the only origin accepted is
 * APP_URL's origin, so a phishing site's assertion never verifies here.
 */
export interface RelyingParty {
  rpID: string;
  rpName: string;
  origin: string;
}

export function relyingPartyOf(appUrl: URL): RelyingParty {
  return { rpID: appUrl.hostname, rpName: 'Gatehouse', origin: appUrl.origin };
}

/** A challenge is good for one answer within 5 minutes (DESIGN §5). */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** What the browser is told to wait for; a little shorter than the challenge lives. */
export const PASSKEY_PROMPT_TIMEOUT_MS = 4 * 60 * 1000;
