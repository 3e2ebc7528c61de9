import { type AuditEntryDTO, auditActionLabel, failureReasonLabel } from '@gatehouse/shared';

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

/**
 * What the action was done to: its kind and name ("User Maya Member (maya@…)") and its id, to
 * copy; the organisation itself needs neither.
 */
export function targetOf(
  entry: Pick<AuditEntryDTO, 'target'>,
): { words: string; id: string | null } | null {
  const { target } = entry;
  if (!target) return null;
  const kind = TARGET_TYPES[target.type] ?? target.type;
  if (target.type === 'org') return { words: kind, id: null };
  return { words: target.label ? `${kind} ${target.label}` : kind, id: target.id };
}

/** "Password changed", or "Password change refused" when it was. */
export const entryTitle = (entry: Pick<AuditEntryDTO, 'action' | 'outcome'>): string =>
  auditActionLabel(entry.action, entry.outcome);

/** "Succeeded", or why it was refused: "Refused: wrong password". */
export function outcomeInWords(entry: Pick<AuditEntryDTO, 'outcome' | 'failureReason'>): string {
  if (entry.outcome === 'SUCCESS') return 'Succeeded';
  return entry.failureReason ? `Refused: ${failureReasonLabel(entry.failureReason)}` : 'Refused';
}
