import { ActiveSessions } from './ActiveSessions';
import { ChangePassword } from './ChangePassword';
import { Passkeys } from './Passkeys';
import { SecurityActivity } from './SecurityActivity';
import { TwoFactor } from './TwoFactor';

export function SecurityPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
      <ActiveSessions />
      <Passkeys />
      <TwoFactor />
      <ChangePassword />
      <SecurityActivity />
    </div>
  );
}
