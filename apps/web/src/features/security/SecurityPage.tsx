import { ActiveSessions } from './ActiveSessions';
import { ChangePassword } from './ChangePassword';

export function SecurityPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
      <ActiveSessions />
      <ChangePassword />
    </div>
  );
}
