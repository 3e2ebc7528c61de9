import { type IpRuleAction, reachesOwners } from '@gatehouse/shared';
import { lastSignInAddresses } from '../../alerts/index.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/may-act-on.js';
import { compilePolicy } from '../../network/index.js';
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
