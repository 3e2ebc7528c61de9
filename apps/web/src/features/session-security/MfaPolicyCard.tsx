import type { OrgSecurityResponse } from '@gatehouse/shared';
import { useUpdateOrgSecurity } from '../../api/org-security';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Card } from '../../components/ui/card';
import { Switch } from '../../components/ui/switch';
import { toast } from '../../stores/toast';

type MfaSetting = 'requireMfaForDownloads' | 'requireMfaForShares' | 'requirePasskeysForAdmins';

const SWITCHES: { key: MfaSetting; label: string; hint: string; what: string }[] = [
  {
    key: 'requireMfaForDownloads',
    label: 'Require MFA for downloads',
    hint: 'People verify with their authenticator app before downloading (once per 30 minutes).',
    what: 'downloads',
  },
  {
    key: 'requireMfaForShares',
    label: 'Require MFA for shares',
    hint: 'People verify with their authenticator app before creating a public link.',
    what: 'shares',
  },
  {
    key: 'requirePasskeysForAdmins',
    label: 'Require passkeys for owners and admins',
    hint: 'Owners and admins sign in and confirm actions only with a passkey; one without a passkey adds one at their next sign-in. Add your own passkey first.',
    what: 'passkeys for owners and admins',
  },
];

/**
 * The org's MFA policy. Turning a requirement on saves at once (after "Verify to continue");
 * turning one off is a weakening, so it asks for confirmation first, like every other one.
 */
export function MfaPolicyCard({ settings }: { settings: OrgSecurityResponse }) {
  const update = useUpdateOrgSecurity();

  function toggle(item: (typeof SWITCHES)[number], value: boolean) {
    update.mutate(
      { [item.key]: value },
      {
        onSuccess: () =>
          toast(
            item.key === 'requirePasskeysForAdmins'
              ? `${value ? 'Now requiring' : 'No longer requiring'} ${item.what}`
              : `${value ? 'Now requiring' : 'No longer requiring'} MFA for ${item.what}`,
            'success',
          ),
      },
    );
  }

  async function turnOff(item: (typeof SWITCHES)[number]) {
    await update.mutateAsync({ [item.key]: false });
    toast(`No longer requiring MFA for ${item.what}`, 'success');
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
            {settings[item.key] ? (
              <ConfirmDialog
                trigger={
                  <Switch
                    aria-labelledby={`${item.key}-label`}
                    checked
                    disabled={update.isPending}
                  />
                }
                title={`Stop requiring MFA for ${item.what}?`}
                description={`Anyone signed in to your organisation will be able to make ${item.what} without a second factor, including someone using a stolen password or session.`}
                confirmLabel="Stop requiring MFA"
                onConfirm={() => turnOff(item)}
              />
            ) : (
              <Switch
                aria-labelledby={`${item.key}-label`}
                checked={false}
                disabled={update.isPending}
                onCheckedChange={(value) => toggle(item, value)}
              />
            )}
          </li>
        ))}
      </ul>
      <ErrorAlert error={update.error} fallback="Could not save the setting" className="mt-3" />
    </Card>
  );
}
