import type { TeamMemberDTO } from '@gatehouse/shared';
import { useCallback, useEffect, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Card } from '../../components/ui/card';
import { exactTime, relativeTime } from '../../lib/time';
import { useAuth } from '../../stores/auth';
import { AddUserDialog } from './AddUserDialog';

export function TeamPage() {
  const me = useAuth((s) => s.me);
  const [users, setUsers] = useState<TeamMemberDTO[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers((await calls.team()).users);
      setError(null);
    } catch (err: unknown) {
      setError(err instanceof ApiError ? err.message : 'Could not load the team');
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const canEdit = me?.user.permissions.includes('SETTINGS_TEAM_EDIT') ?? false;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
        {canEdit && me ? <AddUserDialog callerRole={me.user.role} onCreated={load} /> : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card className="p-0 sm:p-0">
        {users === null && !error ? <p className="p-6 text-sm text-slate-500">Loading…</p> : null}
        <ul aria-label="Team members" className="divide-y divide-slate-200 dark:divide-slate-800">
          {(users ?? []).map((user) => (
            <li key={user.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-4">
              <div className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
                <p className="truncate font-medium">
                  {user.name}{' '}
                  {user.id === me?.user.id ? <span className="text-slate-500">(you)</span> : null}
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
          ))}
        </ul>
      </Card>
    </div>
  );
}
