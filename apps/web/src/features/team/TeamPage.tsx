import type { TeamMemberDTO } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { allRows } from '../../api/paging';
import { teamQuery } from '../../api/team';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Card } from '../../components/ui/card';
import { exactTime, relativeTime } from '../../lib/time';
import { useAuth } from '../../stores/auth';
import { AddUserDialog } from './AddUserDialog';

function MemberRow({ user, isYou }: { user: TeamMemberDTO; isYou: boolean }) {
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-4">
      <div className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
        <p className="truncate font-medium">
          {user.name} {isYou ? <span className="text-slate-500">(you)</span> : null}
        </p>
        <p className="truncate text-sm text-slate-500 dark:text-slate-400">{user.email}</p>
      </div>
      <Badge>{user.role}</Badge>
      {user.disabled ? (
        <Badge className="bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200">
          Disabled
        </Badge>
      ) : null}
      <Badge
        className={
          user.mfaEnabled
            ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
            : ''
        }
      >
        {user.mfaEnabled ? 'MFA on' : 'No MFA'}
      </Badge>
      <span className="text-sm text-slate-500 sm:ml-auto sm:min-w-56 sm:whitespace-nowrap sm:text-right dark:text-slate-400">
        {user.liveSessions} live {user.liveSessions === 1 ? 'session' : 'sessions'}
        {' · '}
        {user.lastSeenAt ? (
          <>
            seen{' '}
            <time dateTime={user.lastSeenAt} title={exactTime(user.lastSeenAt)}>
              {relativeTime(user.lastSeenAt)}
            </time>
          </>
        ) : (
          'never seen'
        )}
      </span>
    </li>
  );
}

export function TeamPage() {
  const me = useAuth((s) => s.me);
  const team = useInfiniteQuery(teamQuery);
  const canEdit = me?.user.permissions.includes('SETTINGS_TEAM_EDIT') ?? false;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
        {canEdit && me ? <AddUserDialog callerRole={me.user.role} orgName={me.org.name} /> : null}
      </div>
      <Card className="p-0 sm:p-0">
        <QueryState query={team} what="the team">
          {(data) => (
            <>
              <ul
                aria-label="Team members"
                className="divide-y divide-slate-200 dark:divide-slate-800"
              >
                {allRows(data, (page) => page.users).map((user) => (
                  <MemberRow key={user.id} user={user} isYou={user.id === me?.user.id} />
                ))}
              </ul>
              <LoadMore query={team} label="Load more team members" />
            </>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
