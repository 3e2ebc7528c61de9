import type { AuditEntryDTO } from '@gatehouse/shared';

/**
 * Who acted, in words: a person, an administrator impersonating one ("Ada Admin as Maya
 * Member"), an API token, or nobody known (a sign-in attempt for an unknown address).
 */
export function actorInWords(entry: Pick<AuditEntryDTO, 'actor' | 'realUser' | 'apiToken'>) {
  if (entry.apiToken) return `API token “${entry.apiToken.name}”`;
  const actor = entry.actor ? `${entry.actor.name} (${entry.actor.email})` : 'Someone unknown';
  return entry.realUser ? `${entry.realUser.name} as ${actor}` : actor;
}

const TARGET_TYPES: Record<string, string> = {
  user: 'User',
  session: 'Session',
  org: 'Organisation',
  ip_rule: 'IP rule',
  document: 'Document',
  share: 'Share link',
  api_token: 'API token',
};

/** What the action was done to: "User Maya Member (maya@…)", or its kind and id. */
export function targetInWords(entry: Pick<AuditEntryDTO, 'target'>): string | null {
  const { target } = entry;
  if (!target) return null;
  const kind = TARGET_TYPES[target.type] ?? target.type;
  if (target.type === 'org') return kind;
  return `${kind} ${target.label ?? target.id ?? ''}`.trim();
}

/** "Succeeded", or "Failed: INVALID_CREDENTIALS". */
export function outcomeInWords(entry: Pick<AuditEntryDTO, 'outcome' | 'failureReason'>): string {
  if (entry.outcome === 'SUCCESS') return 'Succeeded';
  return entry.failureReason ? `Failed: ${entry.failureReason}` : 'Failed';
}
