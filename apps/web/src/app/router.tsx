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
import { titled } from './title';

export const router = createBrowserRouter([
  {
    element: <RootLayout />,
    children: [
      { path: paths.login, handle: titled('Sign in'), element: <LoginPage /> },
      { path: paths.signup, handle: titled('Create your organisation'), element: <SignupPage /> },
      { path: paths.thisWasntMe, handle: titled("This wasn't me"), element: <ThisWasntMePage /> },
      {
        path: paths.forgotPassword,
        handle: titled('Reset your password'),
        element: <ForgotPasswordPage />,
      },
      {
        path: paths.resetPassword,
        handle: titled('Set a new password'),
        element: <ResetPasswordPage />,
      },
      { path: paths.devMail, handle: titled('Dev mailbox'), element: <DevMailPage /> },
      {
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        children: [
          { path: paths.documents, handle: titled('Documents'), element: <DocumentsPage /> },
          { path: paths.security, handle: titled('Security'), element: <SecurityPage /> },
          {
            path: paths.team,
            handle: titled('Team'),
            element: (
              <RequirePermission permission="SETTINGS_TEAM_VIEW">
                <TeamPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.orgSessions,
            handle: titled('Organisation sessions'),
            element: (
              <RequirePermission permission="SETTINGS_SECURITY_VIEW">
                <OrgSessionsPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.ipRules,
            handle: titled('IP rules'),
            element: (
              <RequirePermission permission="SETTINGS_SECURITY_EDIT">
                <IpRulesPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.sessionSecurity,
            handle: titled('Session security'),
            element: (
              <RequirePermission permission="ORG_SECURITY_EDIT">
                <SessionSecurityPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.alerts,
            handle: titled('Security alerts'),
            element: (
              <RequirePermission permission="SETTINGS_SECURITY_VIEW">
                <AlertsPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.apiTokens,
            handle: titled('API tokens'),
            element: (
              <RequirePermission permission="API_TOKENS_EDIT">
                <ApiTokensPage />
              </RequirePermission>
            ),
          },
          {
            path: paths.audit,
            handle: titled('Audit log'),
            element: (
              <RequirePermission permission="AUDIT_VIEW">
                <AuditLogPage />
              </RequirePermission>
            ),
          },
          { path: '*', handle: titled('Page not found'), element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
