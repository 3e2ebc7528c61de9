import type { IpRulesPreviewResponse } from '@gatehouse/shared';

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
