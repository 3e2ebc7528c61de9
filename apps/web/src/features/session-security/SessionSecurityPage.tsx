import { useQuery } from '@tanstack/react-query';
import { orgSecurityQuery } from '../../api/org-security';
import { QueryState } from '../../components/query-state';
import { ActiveUsersCard } from './ActiveUsersCard';
import { DeviceBindingCard } from './DeviceBindingCard';
import { MfaPolicyCard } from './MfaPolicyCard';
import { SessionPolicyCard } from './SessionPolicyCard';

/** Owner only: how long sessions last, when MFA is required, and who is signed in. */
export function SessionSecurityPage() {
  const settings = useQuery(orgSecurityQuery);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Session security</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          How long sessions last in your organisation, when MFA is required, and who is signed in.
        </p>
      </div>
      <QueryState query={settings} what="the settings">
        {(current) => (
          <>
            <SessionPolicyCard settings={current} />
            <MfaPolicyCard settings={current} />
            <DeviceBindingCard settings={current} />
            <ActiveUsersCard settings={current} settingsUpdatedAt={settings.dataUpdatedAt} />
          </>
        )}
      </QueryState>
    </div>
  );
}
