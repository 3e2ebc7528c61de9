import type { Permission } from '@gatehouse/shared';
import type { OrgRow, SessionRow, UserRow } from '../db/rows.js';

/** Who is asking: the request's session, its user and org, and what the role may do. */
export interface AuthContext {
  session: SessionRow;
  user: UserRow;
  org: OrgRow;
  permissions: readonly Permission[];
}
