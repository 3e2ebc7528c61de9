import type { IpRulesPreviewResponse } from '@gatehouse/shared';
import { ApiError } from '../../api/errors';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The preview said plainly: "3 people, 5 sessions would be signed out of their current network". */
export function previewSentence(preview: IpRulesPreviewResponse): string {
  if (preview.blockedSessions === 0) return 'No one who is signed in now would be blocked.';
  const people = plural(preview.blockedUserCount, 'person', 'people');
  const sessions = plural(preview.blockedSessions, 'session', 'sessions');
  return `${people}, ${sessions} would be signed out of their current network.`;
}

/** The field error for the new rule's range from a 422 on the preview (`rules.<i>.cidr`). */
export function cidrIssue(issues: readonly { path: string; message: string }[], index: number) {
  return issues.find((i) => i.path === `rules.${index}.cidr` || i.path === 'cidr')?.message;
}

/** 409 self-lockout: the address the server would have blocked (null when it has none). */
export function lockoutIp(error: unknown): string | null | undefined {
  if (!(error instanceof ApiError) || error.body?.error !== 'CONFLICT') return undefined;
  if (error.body.reason !== 'self_lockout') return undefined;
  return error.body.yourIp ?? null;
}

/** "the owner Olive Owner", "the owners Olive Owner and Otto Owner". */
function ownersInWords(owners: readonly { name: string }[]): string {
  const names = owners.map((o) => o.name);
  const last = names.pop() ?? '';
  return names.length === 0 ? `the owner ${last}` : `the owners ${names.join(', ')} and ${last}`;
}

/**
 * What the preview says about owners the change would block: only an owner may save it (the
 * server refuses anyone else, `force` or not), and an owner is told whom they would block.
 */
export function ownersSentence(preview: IpRulesPreviewResponse): string | null {
  if (preview.blockedOwners.length === 0) return null;
  const who = ownersInWords(preview.blockedOwners);
  return preview.needsOwner
    ? `This would block ${who} from a network they use. Only an owner can make this change.`
    : `This would block ${who} from a network they use.`;
}

/** 409 WOULD_BLOCK_OWNER: the server's refusal, in its words (no "anyway" can override it). */
export function isOwnerBlockRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'WOULD_BLOCK_OWNER';
}
