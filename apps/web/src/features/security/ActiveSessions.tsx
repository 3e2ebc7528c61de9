import type { SessionDTO } from '@gatehouse/shared';
import { Monitor, Smartphone, Tablet } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { exactTime, relativeTime } from '../../lib/time';
import { LogOutOthersDialog } from './LogOutOthersDialog';

function DeviceIcon({ type }: { type: SessionDTO['device']['type'] }) {
  const Icon = type === 'mobile' ? Smartphone : type === 'tablet' ? Tablet : Monitor;
  return <Icon className="h-5 w-5 shrink-0 text-slate-500" aria-hidden />;
}

function place(session: SessionDTO): string {
  return [session.city, session.country].filter(Boolean).join(', ') || 'Unknown location';
}

export function ActiveSessions() {
  const [sessions, setSessions] = useState<SessionDTO[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions((await calls.sessions()).sessions);
      setError(null);
    } catch (err: unknown) {
      setError(err instanceof ApiError ? err.message : 'Could not load your sessions');
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(session: SessionDTO) {
    try {
      await calls.revokeSession(session.id);
      setNotice(`${session.device.label} was signed out.`);
      await load();
    } catch (err: unknown) {
      if (err instanceof ApiError && err.code !== 'STEP_UP_REQUIRED') setError(err.message);
    }
  }

  const others = (sessions ?? []).filter((s) => !s.current);
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
          <LogOutOthersDialog
            count={others.length}
            onDone={async (revoked) => {
              setNotice(`Signed out ${revoked} other ${revoked === 1 ? 'device' : 'devices'}.`);
              await load();
            }}
          />
        ) : null}
      </div>
      {notice ? (
        <Alert tone="success" className="mt-4">
          {notice}
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" className="mt-4">
          {error}
        </Alert>
      ) : null}
      {sessions === null && !error ? (
        <p className="mt-4 text-sm text-slate-500">Loading sessions…</p>
      ) : null}
      <ul aria-label="Sessions" className="mt-4 divide-y divide-slate-200 dark:divide-slate-800">
        {(sessions ?? []).map((session) => (
          <li key={session.id} className="flex flex-wrap items-center gap-3 py-3">
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
              <Button
                variant="secondary"
                size="sm"
                onClick={() => revoke(session)}
                aria-label={`Revoke ${session.device.label}`}
              >
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
      {sessions && others.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">
          Only this device is signed in.
        </p>
      ) : null}
    </Card>
  );
}
