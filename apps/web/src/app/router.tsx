import { createBrowserRouter } from 'react-router';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { ApiTokensPage } from '../features/api-tokens/ApiTokensPage';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { SignupPage } from '../features/auth/SignupPage';
import { ThisWasntMePage } from '../features/auth/ThisWasntMePage';
import { DevMailPage } from '../features/dev-mail/DevMailPage';
import { DocumentsPage } from '../features/documents/DocumentsPage';
import { IpRulesPage } from '../features/ip-rules/IpRulesPage';
import { OrgSessionsPage } from '../features/org-sessions/OrgSessionsPage';
import { SecurityPage } from '../features/security/SecurityPage';
import { SessionSecurityPage } from '../features/session-security/SessionSecurityPage';
import { TeamPage } from '../features/team/TeamPage';
import { paths } from '../paths';
import { AppShell } from './AppShell';
import { NotFoundPage, RequireAuth, RequirePermission } from './guards';
import { RootLayout } from './RootLayout';

export const router = createBrowserRouter([
  {
    element: <RootLayout />,
    children: [
      { path: paths.login, element: <LoginPage /> },
      { path: paths.signup, element: <SignupPage /> },
      { path: paths.thisWasntMe, element: <ThisWasntMePage /> },
      { path: paths.forgotPassword, element: <ForgotPasswordPage /> },
      { path: paths.resetPassword, element: <ResetPasswordPage /> },
      { path: paths.devMail, element: <DevMailPage /> },
      {
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        children: [
          { path: paths.documents, element: <DocumentsPage /> },
          { path: paths.security, element: <SecurityPage /> },
          {
            path: paths.team,
            element: (
              <RequirePermission permission="SETTINGS_TEAM_VIEW">
                <TeamPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.orgSessions,
            element: (
              <RequirePermission permission="SETTINGS_SECURITY_VIEW">
                <OrgSessionsPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.ipRules,
            element: (
              <RequirePermission permission="SETTINGS_SECURITY_EDIT">
                <IpRulesPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.sessionSecurity,
            element: (
              <RequirePermission permission="ORG_SECURITY_EDIT">
                <SessionSecurityPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.alerts,
            element: (
              <RequirePermission permission="SETTINGS_SECURITY_VIEW">
                <AlertsPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.apiTokens,
            element: (
              <RequirePermission permission="API_TOKENS_EDIT">
                <ApiTokensPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.audit,
            element: (
              <RequirePermission permission="AUDIT_VIEW">
                <AuditLogPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
