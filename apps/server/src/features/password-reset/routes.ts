import type { Route } from '../../http/route.js';
import { checkResetLink } from './check-reset-link.js';
import { requestResetLink } from './request-reset-link.js';
import { resetPassword } from './reset-password.js';

/** Password reset's use cases, one file each (decision 019), in the order Express matches them. */
export const passwordResetRoutes = (): Route[] => [requestResetLink, checkResetLink, resetPassword];
