import type { Route } from '../../http/route.js';
import { createUser } from './create-user.js';
import { listTeamMembers } from './list-team-members.js';
import { updateUser } from './update-user.js';

/** Team: the org's users, adding one, changing one (one file per use case, decision 019). */
export const teamRoutes = (): Route[] => [listTeamMembers, createUser, updateUser];
