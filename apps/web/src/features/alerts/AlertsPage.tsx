import { type AdminAlert, ALERT_TYPE_LABELS, type AlertSeverity } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Info, type LucideIcon, ShieldAlert, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { adminAlertsQuery, useAcknowledgeAlert, useAcknowledgeAllAlerts } from '../../api/alerts';
import { errorMessage } from '../../api/errors';
import { allRows } from '../../api/paging';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { WriteControl } from '../../components/write-control';
import { sessionPlace } from '../../lib/sessions';
import { toast } from '../../stores/toast';

function placeOf(alert: AdminAlert): string {
  const place = sessionPlace(alert);
  return [place, alert.ip].filter(Boolean).join(' · ');
}

/** Each severity's word, colour and icon: the word is there for those who see no colour. */
const SEVERITY: Record<AlertSeverity, { label: string; icon: LucideIcon; tone: string }> = {
  high: {
    label: 'High',
    icon: ShieldAlert,
    tone: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  },
  medium: {
    label: 'Medium',
    icon: TriangleAlert,
    tone: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  },
  low: {
    label: 'Low',
    icon: Info,
    tone: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  },
};

function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const { label, icon: Icon, tone } = SEVERITY[severity];
  return (
    <Badge className={`gap-1 ${tone}`}>
      <Icon className="h-3.5 w-3.5" aria-hidden />
      {label} severity
    </Badge>
  );
}

function AlertRow({ alert }: { alert: AdminAlert }) {
  const acknowledge = useAcknowledgeAlert();
  const labelId = `alert-${alert.id}`;
  const title = ALERT_TYPE_LABELS[alert.type];
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-4">
      <div id={labelId} className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {title} <SeverityBadge severity={alert.severity} />
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {alert.user.name} ({alert.user.email}) · <When iso={alert.createdAt} />
        </p>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {placeOf(alert)} · {alert.device ?? 'Unknown device'}
        </p>
        {alert.summary ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{alert.summary}</p>
        ) : null}
      </div>
      {alert.acknowledgedAt ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Acknowledged{alert.acknowledgedBy ? ` by ${alert.acknowledgedBy.name}` : ''}
        </p>
      ) : alert.own ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          About you or your own change: for another administrator to acknowledge
        </p>
      ) : (
        <WriteControl>
          <Button
            variant="secondary"
            size="sm"
            aria-describedby={labelId}
            disabled={acknowledge.isPending}
            onClick={async () => {
              try {
                await acknowledge.mutateAsync(alert.id);
                toast(`Acknowledged: ${title}`, 'success');
              } catch (error: unknown) {
                toast(errorMessage(error, 'Could not acknowledge the alert') ?? 'Failed', 'error');
              }
            }}
          >
            Acknowledge
          </Button>
        </WriteControl>
      )}
    </li>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "Acknowledge all": every open alert up to the newest one shown (one that arrives meanwhile
 * stays open), but those about the caller, which the server leaves for someone else.
 */
function AcknowledgeAll({ newest }: { newest: string }) {
  const acknowledgeAll = useAcknowledgeAllAlerts();
  return (
    <WriteControl>
      <Button
        variant="secondary"
        size="sm"
        disabled={acknowledgeAll.isPending}
        onClick={async () => {
          try {
            const done = await acknowledgeAll.mutateAsync({ upTo: newest });
            const left = done.skipped
              ? `; ${plural(done.skipped, 'alert about you is', 'alerts about you are')} left for another administrator`
              : '';
            toast(`Acknowledged ${plural(done.acknowledged, 'alert', 'alerts')}${left}`, 'success');
          } catch (error: unknown) {
            toast(errorMessage(error, 'Could not acknowledge the alerts') ?? 'Failed', 'error');
          }
        }}
      >
        Acknowledge all
      </Button>
    </WriteControl>
  );
}

/** `/admin/alerts`: the org's security alerts, newest first, each to acknowledge. */
export function AlertsPage() {
  const [open, setOpen] = useState(false);
  const alerts = useInfiniteQuery(adminAlertsQuery(open));
  const first = alerts.data?.pages[0]?.alerts ?? [];
  const newest = first[0]?.createdAt;
  const anyOpen = first.some((alert) => !alert.acknowledgedAt && !alert.own);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Security alerts</h1>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} />
            Unacknowledged only
          </label>
          {newest && anyOpen ? <AcknowledgeAll newest={newest} /> : null}
        </div>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        New devices and countries, impossible travel, shared accounts and account changes of the
        people in your organisation. Each was also emailed to the person it concerns.
      </p>
      <Card className="p-0 sm:p-0">
        <QueryState query={alerts} what="the alerts">
          {(data) => {
            const rows = allRows(data, (page) => page.alerts);
            return rows.length === 0 ? (
              <p className="p-5 text-sm text-slate-500 dark:text-slate-400">No alerts.</p>
            ) : (
              <>
                <ul
                  aria-label="Security alerts"
                  className="divide-y divide-slate-200 dark:divide-slate-800"
                >
                  {rows.map((alert) => (
                    <AlertRow key={alert.id} alert={alert} />
                  ))}
                </ul>
                <LoadMore query={alerts} label="Load more alerts" />
              </>
            );
          }}
        </QueryState>
      </Card>
    </div>
  );
}
