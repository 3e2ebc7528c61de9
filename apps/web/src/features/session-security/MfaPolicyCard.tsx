import type { OrgSecurityResponse } from '@gatehouse/shared';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Card } from '../../components/ui/card';
import { Switch } from '../../components/ui/switch';
import { toast } from '../../stores/toast';
import { orgSecurityCalls } from './api';

type MfaSetting = 'requireMfaForDownloads' | 'requireMfaForShares';

const SWITCHES: { key: MfaSetting; label: string; hint: string }[] = [
  {
    key: 'requireMfaForDownloads',
    label: 'Require MFA for downloads',
    hint: 'People verify with their authenticator app before downloading (once per 30 minutes).',
  },
  {
    key: 'requireMfaForShares',
    label: 'Require MFA for shares',
    hint: 'People verify with their authenticator app before creating a public link.',
  },
];

/** The org's MFA policy; each switch saves at once (after "Verify to continue"). */
export function MfaPolicyCard({
  settings,
  onSaved,
}: {
  settings: OrgSecurityResponse;
  onSaved(next: OrgSecurityResponse): void;
}) {
  const [busy, setBusy] = useState<MfaSetting | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function toggle(key: MfaSetting, value: boolean) {
    setBusy(key);
    setError(null);
    try {
      onSaved(await orgSecurityCalls.update({ [key]: value }));
      toast(
        `${value ? 'Now requiring' : 'No longer requiring'} MFA for ${key === 'requireMfaForDownloads' ? 'downloads' : 'shares'}`,
        'success',
      );
    } catch (err: unknown) {
      if (!(err instanceof ApiError && err.code === 'STEP_UP_REQUIRED'))
        setError(err instanceof ApiError ? err.message : 'Could not save the setting');
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Multi-factor authentication</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Sensitive actions that need a second factor, for everyone in your organisation.
      </p>
      <ul className="mt-4 space-y-4">
        {SWITCHES.map((item) => (
          <li key={item.key} className="flex items-start justify-between gap-4">
            <div>
              <p className="text-sm font-medium" id={`${item.key}-label`}>
                {item.label}
              </p>
              <p className="text-xs text-slate-500 dark:text-slate-400">{item.hint}</p>
            </div>
            <Switch
              aria-labelledby={`${item.key}-label`}
              checked={settings[item.key]}
              disabled={busy !== null}
              onCheckedChange={(value) => void toggle(item.key, value)}
            />
          </li>
        ))}
      </ul>
      {error ? (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      ) : null}
    </Card>
  );
}
