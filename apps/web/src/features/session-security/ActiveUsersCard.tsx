import type { ActiveUserDTO } from '@gatehouse/shared';
import { Card } from '../../components/ui/card';
import { relativeTime } from '../../lib/time';
import { type RevokeScope, SignOutEveryoneDialog } from './SignOutEveryoneDialog';

function headline(count: number): string {
  if (count === 0) return 'Nobody is signed in right now.';
  if (count === 1) return '1 person is signed in.';
  return `${count} people are signed in.`;
}

/** Who is signed in now, and the two bulk sign-outs. */
export function ActiveUsersCard({
  users,
  onRevoked,
}: {
  users: ActiveUserDTO[];
  onRevoked(scope: RevokeScope, revoked: number): void;
}) {
  const others = users.filter((u) => !u.isYou).length;
  return (
    <Card>
      <h2 className="text-lg font-semibold">Active users</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{headline(users.length)}</p>
      {users.length > 0 ? (
        <ul
          aria-label="Active users"
          className="mt-4 divide-y divide-slate-200 dark:divide-slate-800"
        >
          {users.map((user) => (
            <li
              key={user.id}
              className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3"
            >
              <span className="min-w-0">
                <span className="font-medium">{user.name}</span>
                {user.isYou ? <span className="text-slate-500"> (you)</span> : null}
                <span className="block truncate text-sm text-slate-500 dark:text-slate-400">
                  {user.email}
                </span>
              </span>
              <span className="text-sm text-slate-500 dark:text-slate-400">
                {user.liveSessions === 1 ? '1 session' : `${user.liveSessions} sessions`}
                {user.lastSignInAt
                  ? ` · signed in ${relativeTime(user.lastSignInAt, Date.now())}`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        {others > 0 ? (
          <SignOutEveryoneDialog
            scope="others"
            others={others}
            onDone={(n) => onRevoked('others', n)}
          />
        ) : null}
        <SignOutEveryoneDialog scope="all" others={others} onDone={(n) => onRevoked('all', n)} />
      </div>
    </Card>
  );
}
