/** "This wasn't me": the alert email's link that secures the account (DESIGN §9). */
export { thisWasntMeRoutes } from './routes.js';
