import { assignableRoles, type CreateUserRequest, type TeamMemberDTO } from '@gatehouse/shared';
import { hashPassword } from '../../core/passwords.js';
import type { AuthContext } from '../../core/sessions.js';
import type { Database } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { users } from '../../db/schema/index.js';
import { AppError, forbidden } from '../../http/errors.js';

/** Adds a user to the caller's org; nobody may hand out a role above what they may assign. */
export async function createTeamMember(
  db: Database,
  auth: AuthContext,
  input: CreateUserRequest,
  now: Date,
): Promise<TeamMemberDTO> {
  if (!assignableRoles(auth.user.role).includes(input.role)) {
    throw forbidden(`A ${auth.user.role} cannot create a user with role ${input.role}`);
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const [user] = await db
      .insert(users)
      .values({
        orgId: auth.org.id,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        createdAt: now,
      })
      .returning();
    if (!user) throw new Error('user insert returned no row');
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      mfaEnabled: false,
      disabled: false,
      liveSessions: 0,
      lastSeenAt: null,
      createdAt: user.createdAt.toISOString(),
    };
  } catch (err: unknown) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'An account with this email already exists', {
        issues: [{ path: 'email', message: 'An account with this email already exists' }],
      });
    }
    throw err;
  }
}
