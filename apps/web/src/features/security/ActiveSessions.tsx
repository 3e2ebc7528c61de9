import type { SessionDTO } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { Monitor, Smartphone, Tablet } from 'lucide-react';
import { useState } from 'react';
import { sessionsQuery, useRevokeOtherSessions, useRevokeSession } from '../../api/sessions';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { QueryState } from '../../components/query-state';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { exactTime, relativeTime } from '../../lib/time';

function DeviceIcon({ type }: { type: SessionDTO['device']['type'] }) {
  const Icon = type === 'mobile' ? Smartphone : type === 'tablet' ? Tablet : Monitor;
  return <Icon className="h-5 w-5 shrink-0 text-slate-500" aria-hidden />;
}

function place(session: SessionDTO): string {
  return [session.city, session.country].filter(Boolean).join(', ') || 'Unknown location';
}

const devices = (n: number) => (n === 1 ? '1 device' : `${n} devices`);

function SessionRow({ session, onRevoked }: { session: SessionDTO; onRevoked(): void }) {
  const revoke = useRevokeSession();
  return (
    <li className="flex flex-wrap items-center gap-3 py-3">
      <DeviceIcon type={session.device.type} />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {session.device.label}
          {session.current ? (
            <Badge className="bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
              This device
            </Badge>
          ) : null}
        </p>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {place(session)} · {session.ip ?? 'unknown IP'} ·{' '}
          <time dateTime={session.lastSeenAt} title={exactTime(session.lastSeenAt)}>
            Active {relativeTime(session.lastSeenAt)}
          </time>
        </p>
      </div>
      {session.current ? null : (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm" aria-label={`Revoke ${session.device.label}`}>
              Revoke
            </Button>
          }
          title={`Sign out ${session.device.label}?`}
          description={`The ${session.device.label} session in ${place(session)} ends at once; signing in there again needs the password.`}
          confirmLabel="Revoke session"
          onConfirm={() => revoke.mutateAsync(session.id).then(onRevoked)}
        />
      )}
    </li>
  );
}

export function ActiveSessions() {
  const sessions = useQuery(sessionsQuery);
  const revokeOthers = useRevokeOtherSessions();
  const [notice, setNotice] = useState<string | null>(null);
  const others = (sessions.data?.sessions ?? []).filter((s) => !s.current);

  return (
    <Card aria-labelledby="active-sessions-heading">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="active-sessions-heading" className="text-lg font-semibold">
            Active sessions
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Devices signed in to your account. Revoke any you don't recognise.
          </p>
        </div>
        {others.length > 0 ? (
          <ConfirmDialog
            trigger={<Button variant="danger">Log out other devices</Button>}
            title="Log out other devices?"
            description={`${others.length === 1 ? '1 other device' : `${others.length} other devices`} will be signed out at once. This device stays signed in.`}
            confirmLabel={`Log out ${devices(others.length)}`}
            onConfirm={async () => {
              const { revoked } = await revokeOthers.mutateAsync();
              setNotice(`Signed out ${revoked} other ${revoked === 1 ? 'device' : 'devices'}.`);
            }}
          />
        ) : null}
      </div>
      {notice ? (
        <Alert tone="success" className="mt-4">
          {notice}
        </Alert>
      ) : null}
      <QueryState query={sessions} what="your sessions">
        {({ sessions: list }) => (
          <>
            <ul
              aria-label="Sessions"
              className="mt-4 divide-y divide-slate-200 dark:divide-slate-800"
            >
              {list.map((session) => (
                <SessionRow
                  key={session.id}
                  session={session}
                  onRevoked={() => setNotice(`${session.device.label} was signed out.`)}
                />
              ))}
            </ul>
            {list.every((s) => s.current) ? (
              <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">
                Only this device is signed in.
              </p>
            ) : null}
          </>
        )}
      </QueryState>
    </Card>
  );
}
