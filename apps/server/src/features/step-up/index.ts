/** Step-up: the 428 guard the route runner applies, and re-verification that grants it. */
export { stepUpRoutes } from './routes.js';
