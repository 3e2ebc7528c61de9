import { type IpRuleAction, reachesOwners } from '@gatehouse/shared';
import {
  type AlertOrigin,
  type AlertScope,
  fromSession,
  lastSignInAddresses,
  raiseAlert,
} from '../../alerts/index.js';
import { quoted } from '../../core/quoted-text.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/may-act-on.js';
import { compilePolicy, displayAddress } from '../../network/index.js';
import { activeOwners, liveSessionAddressesOf } from './queries.js';

type Rule = { action: IpRuleAction; cidr: string };

export interface NamedOwner {
  id: string;
  name: string;
}

interface OwnerAddresses extends NamedOwner {
  /** Where the server has seen the owner: live sessions' sign-in addresses, the latest sign-in's. */
  addresses: string[];
}

/** Every owner who can sign in, with the addresses the server has seen them use. */
export async function ownersWithAddresses(
  db: Executor,
  orgId: string,
  now: Date,
): Promise<OwnerAddresses[]> {
  const owners = await activeOwners(db, orgId);
  if (owners.length === 0) return [];
  const ids = owners.map((o) => o.id);
  const seen = [
    ...(await liveSessionAddressesOf(db, orgId, ids, now)),
    ...(await lastSignInAddresses(db, ids)),
  ];
  return owners.map((owner) => {
    const addresses = new Set<string>();
    for (const { userId, ip } of seen) if (userId === owner.id && ip) addresses.add(ip);
    return { id: owner.id, name: owner.name, addresses: [...addresses] };
  });
}

/**
 * The owners a change from `current` to `proposed` would newly block at an address they use. An
 * address the rules in force already block is not this change's doing (an owner chose it).
 */
export function ownersBlockedBy(
  owners: readonly OwnerAddresses[],
  current: readonly Rule[],
  proposed: readonly Rule[],
): NamedOwner[] {
  const before = compilePolicy(current);
  const after = compilePolicy(proposed);
  if (after.empty) return [];
  return owners
    .filter((o) => o.addresses.some((ip) => before.allows(ip) && !after.allows(ip)))
    .map(({ id, name }) => ({ id, name }));
}

function ownersInWords(owners: readonly NamedOwner[]): string {
  const names = owners.map((o) => o.name);
  const last = names.pop() ?? '';
  return names.length === 0 ? `the owner ${last}` : `the owners ${names.join(', ')} and ${last}`;
}

/**
 * 409 WOULD_BLOCK_OWNER when someone who is not an owner changes the rules so that an owner's
 * address would be blocked; `force` does not enter into it. Owners keep only the self-lockout
 * guard: the org is theirs. The answer names the owners, never their addresses.
 */
export async function guardOwners(
  db: Executor,
  auth: AuthContext,
  current: readonly Rule[],
  proposed: readonly Rule[],
  now: Date,
): Promise<void> {
  // The shared policy's BLOCK_BY_IP_RULE: owners may block owners (the org is theirs).
  if (reachesOwners(actorOf(auth), 'BLOCK_BY_IP_RULE')) return;
  const owners = await ownersWithAddresses(db, auth.org.id, now);
  const blocked = ownersBlockedBy(owners, current, proposed);
  if (blocked.length === 0) return;
  throw new AppError(
    'WOULD_BLOCK_OWNER',
    `This change would block ${ownersInWords(blocked)} from a network they use. Only an owner can make it.`,
    { owners: blocked },
  );
}

/** What changed, in the words of the owners' alert. */
export type RuleChange =
  | { kind: 'created' | 'deleted'; rule: Rule; by: { id: string; name: string } }
  | { kind: 'cleared'; count: number };

function changeInWords(change: RuleChange): string {
  if (change.kind === 'cleared')
    return `An operator cleared all ${change.count} IP rules of your organisation from the command line.`;
  const verb = change.kind === 'created' ? 'added' : 'removed';
  const { action, cidr } = change.rule;
  return `${quoted(change.by.name)} ${verb} an IP rule: ${action} ${cidr}.`;
}

/**
 * Where a change was made: the request's address and the session's device. The session's place
 * is its sign-in's, so it is kept only when the request comes from that same address.
 */
export function changedFrom(session: SessionRow, ip: string | null): AlertOrigin | null {
  const origin = fromSession(session);
  const address = displayAddress(ip);
  if (!origin || origin.ip === address) return origin;
  return { ...origin, ip: address, country: null, city: null };
}

/**
 * Tells every owner (but the one who made it) of a change to the rules, in the change's own
 * transaction: each change is an alert of its own, never folded into an earlier one.
 */
export async function alertOwners(
  db: Executor,
  scope: AlertScope,
  orgId: string,
  change: RuleChange,
  origin: AlertOrigin | null,
): Promise<void> {
  const actorId = change.kind === 'cleared' ? null : change.by.id;
  const summary = changeInWords(change);
  for (const owner of await activeOwners(db, orgId)) {
    if (owner.id === actorId) continue;
    await raiseAlert(db, scope, {
      type: 'ip_rules_changed',
      user: owner,
      origin,
      summary,
      everyTime: true,
    });
  }
}
