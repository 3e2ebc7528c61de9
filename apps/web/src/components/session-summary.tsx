import type { SessionDTO } from '@gatehouse/shared';
import { Monitor, Smartphone, Tablet } from 'lucide-react';
import type { ReactNode } from 'react';
import { sessionPlace, supportSessionLabel } from '../lib/sessions';
import { Badge } from './ui/badge';
import { When } from './when';

function DeviceIcon({ type }: { type: SessionDTO['device']['type'] }) {
  const Icon = type === 'mobile' ? Smartphone : type === 'tablet' ? Tablet : Monitor;
  return <Icon className="h-5 w-5 shrink-0 text-slate-500" aria-hidden />;
}

/**
 * One session as every list shows it: device, badges ("This device", "Device-bound", "Support
 * session by …"),
 * place · IP · last seen; `children` adds lines (whose session it is, on the admin page).
 */
export function SessionSummary({
  session,
  children,
}: {
  session: SessionDTO;
  children?: ReactNode;
}) {
  const support = supportSessionLabel(session);
  return (
    <>
      <DeviceIcon type={session.device.type} />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {session.device.label}
          {session.current ? (
            <Badge className="bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
              This device
            </Badge>
          ) : null}
          {session.deviceBound ? (
            <Badge
              className="bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100"
              title="This browser proves, every few minutes, that it holds a key that cannot leave the device"
            >
              Device-bound
            </Badge>
          ) : null}
          {support ? (
            <Badge className="bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100">
              {support}
            </Badge>
          ) : null}
        </p>
        {children}
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {sessionPlace(session)} · {session.ip ?? 'unknown IP'} · Active{' '}
          <When iso={session.lastSeenAt} />
          {/* Two "Chrome on Linux" rows differ by when each signed in. */} · Signed in{' '}
          <When iso={session.createdAt} exact />
        </p>
      </div>
    </>
  );
}
