import type { OrgSecurityResponse } from '@gatehouse/shared';
import { useUpdateOrgSecurity } from '../../api/org-security';
import { ErrorAlert } from '../../components/error-alert';
import { Card } from '../../components/ui/card';
import { Switch } from '../../components/ui/switch';
import { toast } from '../../stores/toast';

const LABEL = 'Require device-bound sessions for owners and admins where the browser supports it';

/** The org's device-binding policy (DBSC, decision 025); saves at once (after "Verify to continue"). */
export function DeviceBindingCard({ settings }: { settings: OrgSecurityResponse }) {
  const update = useUpdateOrgSecurity();

  function toggle(value: boolean) {
    update.mutate(
      { requireDeviceBoundAdmins: value },
      {
        onSuccess: () =>
          toast(
            value
              ? 'Owners and admins now need a device-bound session for admin pages'
              : 'Admin pages no longer need a device-bound session',
            'success',
          ),
      },
    );
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Device-bound sessions</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Browsers that support it (Chrome on Windows today) tie each session to a key that cannot
        leave the device, so a stolen session cookie stops working within minutes.
      </p>
      <div className="mt-4 flex items-start justify-between gap-4">
        <div>
          <p className="text-sm font-medium" id="requireDeviceBoundAdmins-label">
            {LABEL}
          </p>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            An owner or admin whose browser tried to bind the session and did not cannot open admin
            pages until they sign in again and it binds. Browsers without support work as before.
          </p>
        </div>
        <Switch
          aria-labelledby="requireDeviceBoundAdmins-label"
          checked={settings.requireDeviceBoundAdmins}
          disabled={update.isPending}
          onCheckedChange={toggle}
        />
      </div>
      <ErrorAlert error={update.error} fallback="Could not save the setting" className="mt-3" />
    </Card>
  );
}
