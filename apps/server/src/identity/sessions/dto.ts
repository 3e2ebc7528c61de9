import type { SessionDTO } from '@gatehouse/shared';
import type { SessionRow } from '../../db/rows.js';

const UNKNOWN_DEVICE = {
  label: 'Unknown device',
  browser: 'Unknown',
  os: 'Unknown',
  type: 'unknown',
} as const;

/** The columns a session's DTO is made of (what `liveSessionsOf` selects). */
export type SessionListRow = Pick<
  SessionRow,
  | 'id'
  | 'userId'
  | 'createdAt'
  | 'lastSeenAt'
  | 'idleExpiresAt'
  | 'absoluteExpiresAt'
  | 'ip'
  | 'country'
  | 'city'
  | 'userAgent'
  | 'device'
  | 'impersonatorUserId'
  | 'dbscBoundAt'
>;

/** A session as its owner and admins see it; `impersonatorName` names a support session's admin. */
export function toSessionDTO(
  row: SessionListRow,
  currentSessionId: string,
  impersonatorName: string | null = null,
): SessionDTO {
  return {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    idleExpiresAt: row.idleExpiresAt.toISOString(),
    absoluteExpiresAt: row.absoluteExpiresAt.toISOString(),
    ip: row.ip,
    country: row.country,
    city: row.city,
    userAgent: row.userAgent,
    device: row.device ?? UNKNOWN_DEVICE,
    current: row.id === currentSessionId,
    impersonated: row.impersonatorUserId !== null,
    impersonator: row.impersonatorUserId
      ? { id: row.impersonatorUserId, name: impersonatorName ?? 'an administrator' }
      : null,
    deviceBound: row.dbscBoundAt !== null,
  };
}
