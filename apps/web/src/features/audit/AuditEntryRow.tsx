import type { AuditEntryDTO } from '@gatehouse/shared';
import { Badge } from '../../components/ui/badge';
import { When } from '../../components/when';
import { sessionPlace } from '../../lib/sessions';
import { changesOf, detailsOf } from './diff';
import { actorInWords, outcomeInWords, targetInWords } from './entry-copy';

/** before → after, one changed key a line; a created or deleted thing shows one side. */
function ChangeList({ entry }: { entry: AuditEntryDTO }) {
  const changes = changesOf(entry.before, entry.after);
  if (changes.length === 0) return null;
  return (
    <dl aria-label="Changes" className="mt-2 space-y-0.5 text-sm">
      {changes.map((change) => (
        <div key={change.key} className="flex flex-wrap gap-x-2">
          <dt className="font-mono text-xs leading-5 text-slate-500 dark:text-slate-400">
            {change.key}
          </dt>
          <dd className="break-all">
            {change.before === null ? null : (
              <del className="text-red-700 dark:text-red-300">{change.before}</del>
            )}
            {change.before !== null && change.after !== null ? ' → ' : null}
            {change.after === null ? null : (
              <ins className="text-green-700 no-underline dark:text-green-300">{change.after}</ins>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Details({ entry }: { entry: AuditEntryDTO }) {
  const details = detailsOf(entry.metadata);
  if (details.length === 0) return null;
  return (
    <p className="mt-1 text-xs break-all text-slate-500 dark:text-slate-400">
      {details.map((d) => `${d.key}: ${d.value}`).join(' · ')}
    </p>
  );
}

/** One audit entry: when, who, what, how it went, on what, from where, and what changed. */
export function AuditEntryRow({ entry }: { entry: AuditEntryDTO }) {
  const failed = entry.outcome === 'FAIL';
  const target = targetInWords(entry);
  return (
    <li className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{entry.actionLabel}</span>
        <Badge
          className={
            failed
              ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200'
              : 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200'
          }
        >
          {outcomeInWords(entry)}
        </Badge>
        {entry.isImpersonating ? <Badge>Impersonation</Badge> : null}
        <When iso={entry.at} exact className="ml-auto text-sm text-slate-500 dark:text-slate-400" />
      </div>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {actorInWords(entry)}
        {target ? ` · ${target}` : null}
      </p>
      <p className="text-sm text-slate-500 dark:text-slate-400">
        {[
          entry.ip ?? 'No address',
          sessionPlace(entry),
          entry.device?.label ?? 'Unknown device',
        ].join(' · ')}
      </p>
      <ChangeList entry={entry} />
      <Details entry={entry} />
    </li>
  );
}
