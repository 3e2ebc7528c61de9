/** "This wasn't me": the alert email's link that secures the account (DESIGN §9). */
import type { Feature } from '../../http/feature.js';
import { thisWasntMeRoutes } from './routes.js';

export const thisWasntMeFeature: Feature = { routes: thisWasntMeRoutes };
