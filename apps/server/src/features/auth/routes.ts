import type { Route } from '../../http/route.js';
import { changePassword } from './change-password.js';
import { chooseSessionAtLimit } from './choose-session-at-limit.js';
import { getCurrentSession } from './get-current-session.js';
import { offerPasskeySignIn } from './offer-passkey-sign-in.js';
import { signIn } from './sign-in.js';
import { signInWithPasskey } from './sign-in-with-passkey.js';
import { signInWithSecondFactor } from './sign-in-with-second-factor.js';
import { signOut } from './sign-out.js';
import { signUp } from './sign-up.js';
import { staySignedIn } from './stay-signed-in.js';

/** Auth's use cases, one file each (decision 019), in the order Express matches them. */
export const authRoutes = (): Route[] => [
  signUp,
  signIn,
  signInWithSecondFactor,
  chooseSessionAtLimit,
  signOut,
  getCurrentSession,
  staySignedIn,
  changePassword,
  // "Sign in with a passkey" and its autofill (DESIGN §7): options, then the signed answer.
  offerPasskeySignIn,
  signInWithPasskey,
];
