import type { Permission } from '@gatehouse/shared';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Card } from '../components/ui/card';
import { loginPath, paths } from '../paths';
import { useAuth } from '../stores/auth';

/** Signed-in routes: while the first /me is pending, nothing; signed out, the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useAuth((s) => s.status);
  const reason = useAuth((s) => s.reason);
  const device = useAuth((s) => s.device);
  const location = useLocation();
  const mustAddPasskey = useAuth((s) => s.me?.passkeyEnrollmentRequired === true);
  if (status === 'loading') return <p className="p-8 text-sm text-slate-500">Loading…</p>;
  if (status === 'signed-out')
    return (
      <Navigate
        to={loginPath(
          reason ?? undefined,
          location.pathname + location.search,
          device ?? undefined,
        )}
        replace
      />
    );
  // The org requires passkeys of owners and admins: adding one comes before anything else.
  if (mustAddPasskey && location.pathname !== paths.security)
    return <Navigate to={paths.security} replace />;
  return children;
}

export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) {
  const permissions = useAuth((s) => s.me?.user.permissions ?? []);
  if (!permissions.includes(permission)) return <ForbiddenPage />;
  return children;
}

export function ForbiddenPage() {
  return (
    <Card>
      <h1 className="text-lg font-semibold">You don't have access to this page</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Ask an owner or admin of your organisation if you need it.
      </p>
    </Card>
  );
}

export function NotFoundPage() {
  return (
    <Card>
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        There is nothing at this address.
      </p>
    </Card>
  );
}
