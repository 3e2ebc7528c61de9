import type { OrgSecurityResponse } from '@gatehouse/shared';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { loginPath } from '../../paths';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';
import { ActiveUsersCard } from './ActiveUsersCard';
import { orgSecurityCalls } from './api';
import { MfaPolicyCard } from './MfaPolicyCard';
import { SessionPolicyCard } from './SessionPolicyCard';
import type { RevokeScope } from './SignOutEveryoneDialog';

function useOrgSecurity() {
  const [settings, setSettings] = useState<OrgSecurityResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setSettings(await orgSecurityCalls.get());
    } catch (err: unknown) {
      setError(err instanceof ApiError ? err.message : 'Could not load the settings');
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { settings, setSettings, error, reload: load };
}

/** Owner only: how long sessions last, when MFA is required, and who is signed in. */
export function SessionSecurityPage() {
  const { settings, setSettings, error, reload } = useOrgSecurity();
  const signedOut = useAuth((s) => s.signedOut);
  const navigate = useNavigate();

  function revoked(scope: RevokeScope, count: number) {
    const sessions = count === 1 ? '1 session' : `${count} sessions`;
    if (scope === 'all') {
      toast(`Signed out ${sessions}, including yours`, 'success');
      signedOut('session_revoked');
      navigate(loginPath('session_revoked'), { replace: true });
      return;
    }
    toast(`Signed out ${sessions}`, 'success');
    void reload();
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Session security</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          How long sessions last in your organisation, when MFA is required, and who is signed in.
        </p>
      </div>
      {error ? (
        <Alert tone="error">
          {error}{' '}
          <Button variant="link" size="sm" onClick={() => void reload()}>
            Try again
          </Button>
        </Alert>
      ) : null}
      {!settings && !error ? (
        <Card aria-busy="true">
          <p className="text-sm text-slate-500">Loading settings…</p>
        </Card>
      ) : null}
      {settings ? (
        <>
          <SessionPolicyCard settings={settings} onSaved={setSettings} />
          <MfaPolicyCard settings={settings} onSaved={setSettings} />
          <ActiveUsersCard users={settings.activeUsers} onRevoked={revoked} />
        </>
      ) : null}
    </div>
  );
}
