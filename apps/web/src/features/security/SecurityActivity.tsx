import type { SecurityActivityItem } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Shield, ShieldAlert } from 'lucide-react';
import { securityActivityQuery } from '../../api/activity';
import { allRows } from '../../api/paging';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { cn } from '../../lib/cn';
import {
  activityAttempts,
  activityReason,
  activityTitle,
  activityWhere,
  alertBadge,
  refusalReason,
  supportSessionLine,
} from './activity-copy';

function ActivityRow({ item }: { item: SecurityActivityItem }) {
  const refusal = refusalReason(item);
  const where = activityWhere(item);
  const reason = activityReason(item);
  const attempts = activityAttempts(item);
  const support = supportSessionLine(item);
  const alert = alertBadge(item);
  const Icon = refusal ? ShieldAlert : Shield;
  return (
    <li className="flex items-start gap-3 py-3">
      <Icon
        className={cn(
          'mt-0.5 h-5 w-5 shrink-0',
          refusal ? 'text-red-600 dark:text-red-400' : 'text-slate-500',
        )}
        aria-hidden
      />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {activityTitle(item)}
          {refusal ? (
            <Badge className="bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200">
              {refusal}
            </Badge>
          ) : null}
          {alert ? (
            <Badge className="bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              {alert}
            </Badge>
          ) : null}
        </p>
        {support ? (
          <p className="text-sm font-medium text-amber-800 dark:text-amber-300">{support}</p>
        ) : null}
        {attempts ? <p className="text-sm text-slate-700 dark:text-slate-300">{attempts}</p> : null}
        {reason ? (
          <p className="text-sm break-words text-slate-700 dark:text-slate-300">{reason}</p>
        ) : null}
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {where ? `${where} · ` : null}
          <When iso={item.at} />
        </p>
      </div>
    </li>
  );
}

/** Settings → Security → "Recent security activity": the user's own events, newest first. */
export function SecurityActivity() {
  const activity = useInfiniteQuery(securityActivityQuery);
  return (
    <Card aria-labelledby="security-activity-heading">
      <h2 id="security-activity-heading" className="text-lg font-semibold">
        Recent security activity
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Sign-ins and changes to how your account is protected. If something here wasn't you, change
        your password.
      </p>
      <QueryState query={activity} what="your security activity">
        {(data) => {
          const items = allRows(data, (page) => page.items);
          if (items.length === 0)
            return (
              <p className="mt-4 text-sm text-slate-500 dark:text-slate-400">
                No security activity yet.
              </p>
            );
          return (
            <>
              <ul
                aria-label="Security activity"
                className="mt-4 divide-y divide-slate-200 dark:divide-slate-800"
              >
                {items.map((item) => (
                  <ActivityRow key={item.id} item={item} />
                ))}
              </ul>
              <LoadMore query={activity} label="Load more security activity" />
            </>
          );
        }}
      </QueryState>
    </Card>
  );
}
