import type { SessionDTO } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sessionsQuery, useRevokeOtherSessions, useRevokeSession } from '../../api/sessions';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { QueryState } from '../../components/query-state';
import { SessionSummary } from '../../components/session-summary';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { currentFirst, sessionPlace } from '../../lib/sessions';

const devices = (n: number) => (n === 1 ? '1 device' : `${n} devices`);

function SessionRow({ session, onRevoked }: { session: SessionDTO; onRevoked(): void }) {
  const revoke = useRevokeSession();
  return (
    <li className="flex flex-wrap items-center gap-3 py-3">
      <SessionSummary session={session} />
      {session.current ? null : (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm" aria-label={`Revoke ${session.device.label}`}>
              Revoke
            </Button>
          }
          title={`Sign out ${session.device.label}?`}
          description={`The ${session.device.label} session in ${sessionPlace(session)} ends at once; signing in there again needs the password.`}
          confirmLabel="Sign out"
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
            Devices signed in to your account. Sign out any you don't recognise.
          </p>
        </div>
        {others.length > 0 ? (
          <ConfirmDialog
            trigger={<Button variant="danger">Log out other devices</Button>}
            title="Sign out your other devices?"
            description={`${others.length === 1 ? '1 other device' : `${others.length} other devices`} will be signed out at once. This device stays signed in.`}
            confirmLabel={`Sign out ${devices(others.length)}`}
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
              {currentFirst(list).map((session) => (
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
