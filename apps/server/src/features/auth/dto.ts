import type { CurrentSessionDTO, OrgDTO, UserDTO } from '@gatehouse/shared';
import { permissionsOf } from '@gatehouse/shared';
import type { OrgRow, SessionRow, UserRow } from '../../db/rows.js';

export function toUserDTO(user: UserRow): UserDTO {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    permissions: [...permissionsOf(user.role)],
    mfaEnabled: user.totpEnabled,
  };
}

export function toOrgDTO(org: OrgRow): OrgDTO {
  return { id: org.id, name: org.name, slug: org.slug };
}

export function toCurrentSessionDTO(session: SessionRow): CurrentSessionDTO {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
  };
}
