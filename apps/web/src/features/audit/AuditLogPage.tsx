import { useInfiniteQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { auditQuery } from '../../api/audit';
import { allRows } from '../../api/paging';
import { teamQuery } from '../../api/team';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { buttonVariants } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { AuditEntryRow } from './AuditEntryRow';
import { AuditFilters } from './AuditFilters';
import {
  apiSearchFromFilter,
  exportCsvUrl,
  filterFromSearch,
  isFiltered,
  searchFromFilter,
} from './filter';

/** Admins: the org's audit log, newest first, filtered, with the filtered CSV export. */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const entries = useInfiniteQuery(auditQuery(apiSearchFromFilter(filter)));
  const team = useInfiniteQuery(teamQuery);
  const people = allRows(team.data, (page) => page.users);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Every sensitive action in your organisation, newest first, as it was recorded.
          </p>
        </div>
        {/* A plain link: the browser downloads the file itself, with the filter applied. */}
        <a
          href={exportCsvUrl(filter)}
          download
          className={buttonVariants({ variant: 'secondary' })}
        >
          <Download className="h-4 w-4" aria-hidden />
          Export CSV
        </a>
      </div>
      <AuditFilters
        key={params.toString()}
        filter={filter}
        people={people}
        onApply={(next) => setParams(searchFromFilter(next))}
      />
      <Card className="p-0 sm:p-0">
        <QueryState query={entries} what="the audit log">
          {(data) => {
            const rows = allRows(data, (page) => page.items);
            return (
              <>
                {rows.length === 0 ? (
                  <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                    {isFiltered(filter) ? 'No entry matches the filter.' : 'Nothing recorded yet.'}
                  </p>
                ) : (
                  <ul
                    aria-label="Audit entries"
                    className="divide-y divide-slate-200 dark:divide-slate-800"
                  >
                    {rows.map((entry) => (
                      <AuditEntryRow key={entry.id} entry={entry} />
                    ))}
                  </ul>
                )}
                <LoadMore query={entries} label="Load more audit entries" />
              </>
            );
          }}
        </QueryState>
      </Card>
    </div>
  );
}
