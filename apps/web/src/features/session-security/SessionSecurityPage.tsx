import { Clock } from 'lucide-react';
import { Card } from '../../components/ui/card';

/** Owner-only organisation session policy; the controls arrive with the session-policy issue. */
export function SessionSecurityPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Session security</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          How long sessions last in your organisation and when MFA is required.
        </p>
      </div>
      <Card className="flex flex-col items-center py-12 text-center">
        <Clock className="h-8 w-8 text-slate-400" aria-hidden />
        <p className="mt-3 font-medium">Organisation session policy is coming soon</p>
        <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
          Session policies (Strict, Standard, Custom) and MFA requirements will be set here.
        </p>
      </Card>
    </div>
  );
}
