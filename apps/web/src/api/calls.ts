import type {
  AuthResponse,
  ChangePasswordResponse,
  CreateUserRequest,
  CreateUserResponse,
  MeResponse,
  RevokeOthersResponse,
  RevokeSessionResponse,
  SessionsListResponse,
  StepUpPurpose,
  StepUpVerifyResponse,
  TeamListResponse,
} from '@gatehouse/shared';
import { api } from './client';

/** Typed calls, one per endpoint the SPA uses. */
export const calls = {
  me: () => api.get<MeResponse>('/api/auth/me', { expectUnauthenticated: true }),
  login: (email: string, password: string) =>
    api.post<AuthResponse>('/api/auth/login', { email, password }, { expectUnauthenticated: true }),
  signup: (body: { orgName: string; name: string; email: string; password: string }) =>
    api.post<AuthResponse>('/api/auth/signup', body, { expectUnauthenticated: true }),
  logout: () => api.post<void>('/api/auth/logout', {}, { expectUnauthenticated: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<ChangePasswordResponse>('/api/auth/password', { currentPassword, newPassword }),
  team: () => api.get<TeamListResponse>('/api/admin/users'),
  createUser: (body: CreateUserRequest) => api.post<CreateUserResponse>('/api/admin/users', body),
  sessions: () => api.get<SessionsListResponse>('/api/security/sessions'),
  revokeSession: (id: string) =>
    api.post<RevokeSessionResponse>(`/api/security/sessions/${id}/revoke`),
  revokeOtherSessions: () => api.post<RevokeOthersResponse>('/api/security/sessions/revoke-others'),
  verifyStepUp: (purpose: StepUpPurpose, password: string) =>
    api.post<StepUpVerifyResponse>('/api/security/stepup/verify', { purpose, password }),
};
