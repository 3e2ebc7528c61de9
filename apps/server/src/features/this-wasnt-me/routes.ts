import type { Route } from '../../http/route.js';
import { secureAccount } from './secure-account.js';

/** "This wasn't me": the alert email's link (one file per use case, decision 019). */
export const thisWasntMeRoutes = (): Route[] => [secureAccount];
