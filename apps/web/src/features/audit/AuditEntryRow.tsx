import { type AuditEntryDTO, auditFieldLabel } from '@gatehouse/shared';
import { CopyId } from '../../components/copy-id';
import { Badge } from '../../components/ui/badge';
import { When } from '../../components/when';
import { sessionPlace } from '../../lib/sessions';
import { changesOf } from './diff';
import { actorInWords, entryTitle, outcomeInWords, targetOf } from './entry-copy';
import { type FieldValue, fieldsOf } from './fields';

/** before → after, one changed field a line; a created or deleted thing shows one side. */
function ChangeList({ entry }: { entry: AuditEntryDTO }) {
  const changes = changesOf(entry.before, entry.after);
  if (changes.length === 0) return null;
  return (
    <dl aria-label="Changes" className="mt-2 space-y-0.5 text-sm">
      {changes.map((change) => (
        <div key={change.key} className="flex flex-wrap gap-x-2">
          <dt className="text-slate-500 dark:text-slate-400">{auditFieldLabel(change.key)}</dt>
          <dd className="break-words">
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

function Value({ value, label }: { value: FieldValue; label: string }) {
  if (value.kind === 'id') return <CopyId id={value.id} what={label.toLowerCase()} />;
  if (value.kind === 'time') return <When iso={value.iso} exact />;
  return <>{value.text}</>;
}

/** What else the entry recorded, each field by its name. */
function Details({ entry }: { entry: AuditEntryDTO }) {
  const fields = fieldsOf(entry.metadata);
  if (fields.length === 0) return null;
  return (
    <dl
      aria-label="Details"
      className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-slate-600 dark:text-slate-400"
    >
      {fields.map((field) => (
        <div key={field.key} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{field.label}</dt>
          <dd className="min-w-0 break-words text-slate-700 dark:text-slate-300">
            <Value value={field.value} label={field.label} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One audit entry: when, who, what, how it went, on what, from where, and what changed. */
export function AuditEntryRow({ entry }: { entry: AuditEntryDTO }) {
  const failed = entry.outcome === 'FAIL';
  const target = targetOf(entry);
  return (
    <li className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{entryTitle(entry)}</span>
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
      <p className="mt-1 text-sm break-words text-slate-700 dark:text-slate-300">
        {actorInWords(entry)}
        {target ? ` · ${target.words} ` : null}
        {target?.id ? <CopyId id={target.id} what={target.words} /> : null}
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
