import type { IpRuleAction, IpRuleDTO } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { lockFor } from '../../db/lock.js';
import { AppError } from '../../http/errors.js';
import { compilePolicy, displayAddress, parseCidr } from '../../network/index.js';
import { rulesWithCreators } from './queries.js';

export type Rule = { action: IpRuleAction; cidr: string };

/** The org's rules as the settings page lists them, with who added each. */
export async function listRules(db: Executor, orgId: string): Promise<IpRuleDTO[]> {
  const rows = await rulesWithCreators(db, orgId);
  return rows.map(({ rule, creator }) => ({
    id: rule.id,
    action: rule.action,
    cidr: rule.cidr,
    note: rule.note,
    createdBy: creator,
    createdAt: rule.createdAt.toISOString(),
  }));
}

/** 422 naming the field, for text that is not an address or a CIDR range. */
export function parseOrRefuse(cidr: string, path: string): string {
  const parsed = parseCidr(cidr);
  if (parsed) return parsed.cidr;
  const message = 'Enter an IPv4 or IPv6 address or CIDR range, like 203.0.113.0/24';
  throw new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });
}

/** One writer of an org's rules at a time, so the self-lockout check sees what it saves over. */
export async function lockOrgRules(db: Executor, orgId: string): Promise<void> {
  await lockFor(db, `ip_rules:${orgId}`);
}

/** 409 when the rules would block the caller's own address, unless they said `force`. */
export function guardSelfLockout(rules: readonly Rule[], ip: string | null, force: boolean): void {
  if (force || compilePolicy(rules).allows(ip)) return;
  const yourIp = displayAddress(ip);
  throw new AppError(
    'CONFLICT',
    `This change would block your own address (${yourIp ?? 'unknown'})`,
    {
      reason: 'self_lockout',
      yourIp,
    },
  );
}
