import type { Route } from '../http/route.js';
import { acknowledgeAlert } from './acknowledge-alert.js';
import { acknowledgeAllAlerts } from './acknowledge-all-alerts.js';
import { listAlerts } from './list-alerts.js';

/**
 * `/admin/alerts`: the org's security alerts, and acknowledging one (DESIGN §7, §9); one file per
 * use case (decision 019).
 */
export const alertRoutes = (): Route[] => [listAlerts, acknowledgeAlert, acknowledgeAllAlerts];
