import type { Route } from '../../http/route.js';
import { grantStepUp } from './grant-step-up.js';

/** Step-up: re-verification that grants a purpose to this session (decision 019). */
export const stepUpRoutes = (): Route[] => [grantStepUp];
