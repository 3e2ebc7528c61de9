/** Sessions: create, look up, cache + LISTEN, touch, evict, revoke, sweep. */
export { sessionRoutes } from './routes.js';
