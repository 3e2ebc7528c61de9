import type { ActiveUserDTO, OrgSecurityResponse } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { activeUsersQuery, type SignOutScope, useSignOutEveryone } from '../../api/org-security';
import { allRows } from '../../api/paging';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadMore } from '../../components/load-more';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { loginPath } from '../../paths';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';

const COPY: Record<SignOutScope, { button: string; title: string; confirm: string }> = {
  others: {
    button: 'Sign out everyone except me',
    title: 'Sign out everyone except you?',
    confirm: 'Sign the others out',
  },
  all: {
    button: 'Sign out everyone including me',
    title: 'Sign out everyone, including you?',
    confirm: 'Sign everyone out',
  },
};

function describe(scope: SignOutScope, others: number, more: boolean): string {
  if (scope === 'all')
    return 'Every session in your organisation ends at once, this one too. You will need to sign in again.';
  const who = more
    ? 'Everyone else'
    : others === 1
      ? 'The 1 other person'
      : `All ${others} other people`;
  return `${who} signed in to your organisation will be signed out on every device. You stay signed in here.`;
}

function headline(count: number, more: boolean): string {
  if (count === 0) return 'Nobody is signed in right now.';
  if (count === 1 && !more) return '1 person is signed in.';
  return `${count}${more ? '+' : ''} people are signed in.`;
}

function ActiveUserRow({ user }: { user: ActiveUserDTO }) {
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3">
      <span className="min-w-0">
        <span className="font-medium">{user.name}</span>
        {user.isYou ? <span className="text-slate-600 dark:text-slate-400"> (you)</span> : null}
        <span className="block text-sm break-words text-slate-600 dark:text-slate-400">
          {user.email}
        </span>
      </span>
      <span className="text-sm text-slate-600 dark:text-slate-400">
        {user.liveSessions === 1 ? '1 session' : `${user.liveSessions} sessions`}
        {user.lastSignInAt ? (
          <>
            {' · signed in '}
            <When iso={user.lastSignInAt} />
          </>
        ) : null}
      </span>
    </li>
  );
}

/** Who is signed in now (page by page), and the two bulk sign-outs. */
export function ActiveUsersCard({
  settings,
  settingsUpdatedAt,
}: {
  settings: OrgSecurityResponse;
  settingsUpdatedAt: number;
}) {
  const activeUsers = useInfiniteQuery(activeUsersQuery(settings, settingsUpdatedAt));
  const signOutEveryone = useSignOutEveryone();
  const signedOut = useAuth((s) => s.signedOut);
  const navigate = useNavigate();
  const users = allRows(activeUsers.data, (page) => page.activeUsers);
  const others = users.filter((u) => !u.isYou).length;

  async function signOut(scope: SignOutScope) {
    const { revoked } = await signOutEveryone.mutateAsync(scope);
    const sessions = revoked === 1 ? '1 session' : `${revoked} sessions`;
    if (scope === 'others') return toast(`Signed out ${sessions}`, 'success');
    toast(`Signed out ${sessions}, including yours`, 'success');
    signedOut('session_revoked');
    navigate(loginPath('session_revoked'), { replace: true });
  }

  const scopes: SignOutScope[] =
    others > 0 || activeUsers.hasNextPage ? ['others', 'all'] : ['all'];
  return (
    <Card>
      <h2 className="text-lg font-semibold">Active users</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {headline(users.length, activeUsers.hasNextPage)}
      </p>
      {users.length > 0 ? (
        <ul
          aria-label="Active users"
          className="mt-4 divide-y divide-slate-200 dark:divide-slate-800"
        >
          {users.map((user) => (
            <ActiveUserRow key={user.id} user={user} />
          ))}
        </ul>
      ) : null}
      <LoadMore query={activeUsers} label="Load more active users" />
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        {scopes.map((scope) => (
          <ConfirmDialog
            key={scope}
            trigger={
              <Button variant={scope === 'all' ? 'danger' : 'secondary'}>
                {COPY[scope].button}
              </Button>
            }
            title={COPY[scope].title}
            description={describe(scope, others, activeUsers.hasNextPage)}
            confirmLabel={COPY[scope].confirm}
            onConfirm={() => signOut(scope)}
          />
        ))}
      </div>
    </Card>
  );
}
