import type {
  AuthResponse,
  ChangePasswordResponse,
  CreateShareResponse,
  CreateUserRequest,
  CreateUserResponse,
  DocumentListResponse,
  DownloadUrlResponse,
  LoginResponse,
  MeResponse,
  MfaStatusResponse,
  RecoveryCodesResponse,
  RevokeOthersResponse,
  RevokeSessionResponse,
  SessionsListResponse,
  ShareListResponse,
  StepUpPurpose,
  StepUpVerifyResponse,
  TeamListResponse,
  TotpSetupResponse,
} from '@gatehouse/shared';
import { api } from './client';

/** Typed calls, one per endpoint the SPA uses. */
export const calls = {
  me: () => api.get<MeResponse>('/api/auth/me', { expectUnauthenticated: true }),
  login: (email: string, password: string) =>
    api.post<LoginResponse>(
      '/api/auth/login',
      { email, password },
      { expectUnauthenticated: true },
    ),
  loginMfa: (mfaToken: string, proof: { code: string } | { recoveryCode: string }) =>
    api.post<AuthResponse>(
      '/api/auth/login/mfa',
      { mfaToken, ...proof },
      { expectUnauthenticated: true },
    ),
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
  verifyStepUp: (
    purpose: StepUpPurpose,
    proof: { password: string } | { code: string } | { recoveryCode: string },
  ) => api.post<StepUpVerifyResponse>('/api/security/stepup/verify', { purpose, ...proof }),
  mfaStatus: () => api.get<MfaStatusResponse>('/api/security/mfa'),
  totpSetup: () => api.post<TotpSetupResponse>('/api/security/mfa/totp/setup'),
  totpEnable: (code: string) =>
    api.post<RecoveryCodesResponse>('/api/security/mfa/totp/enable', { code }),
  totpDisable: () => api.post<{ success: true }>('/api/security/mfa/totp/disable'),
  regenerateRecoveryCodes: () =>
    api.post<RecoveryCodesResponse>('/api/security/mfa/recovery-codes'),
  documents: () => api.get<DocumentListResponse>('/api/documents'),
  uploadDocument: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<{ document: DocumentListResponse['documents'][number] }>(
      '/api/documents',
      form,
    );
  },
  downloadUrl: (docId: string) =>
    api.get<DownloadUrlResponse>(`/api/storage/download-url/${docId}`),
  createShare: (docId: string, expiresInHours: number) =>
    api.post<CreateShareResponse>('/api/shares/create', { docId, expiresInHours }),
  shares: () => api.get<ShareListResponse>('/api/shares'),
  revokeShare: (shareId: string) => api.post<{ success: true }>(`/api/shares/${shareId}/revoke`),
};
