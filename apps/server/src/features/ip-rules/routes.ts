import type { Route } from '../../http/route.js';
import { createIpRule } from './create-ip-rule.js';
import { deleteIpRule } from './delete-ip-rule.js';
import { listIpRules } from './list-ip-rules.js';
import { previewIpRules } from './preview-ip-rules.js';

/** `/api/security/ip-rules`: list, add, delete and preview the org's network rules. */
export const ipRuleRoutes = (): Route[] => [
  listIpRules,
  createIpRule,
  deleteIpRule,
  previewIpRules,
];
