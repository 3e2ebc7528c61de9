import type { AppDeps } from '../deps.js';
import type { Route } from '../http/route.js';
import { listDevMail } from './list-dev-mail.js';

/**
 * The dev mailbox: the newest outbox messages, reset links included, so it exists only outside
 * production (there the path is an ordinary 404). One file per use case (decision 019).
 */
export const devMailRoutes = (deps: AppDeps): Route[] =>
  deps.config.production ? [] : [listDevMail];
