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

/** 409 self-lockout: the address the server would have blocked. */
export function lockoutIp(error: unknown): string | null | undefined {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return undefined;
  const body = error.body as { reason?: unknown; yourIp?: unknown } | null;
  if (body?.reason !== 'self_lockout') return undefined;
  return typeof body.yourIp === 'string' ? body.yourIp : null;
}
