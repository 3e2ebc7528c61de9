import type { TeamMemberDTO } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { FiltersPanel } from '../../components/filters-panel';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SelectField } from '../../components/ui/select-field';
import { ActionPicker } from './ActionPicker';
import { type AuditPageFilter, dateRangeError, EMPTY_FILTER, isFiltered } from './filter';

/** What, how it went, who, on what, impersonated or not, when; "Apply filters" narrows the log. */
export function AuditFilters({
  filter,
  people,
  onApply,
}: {
  filter: AuditPageFilter;
  people: TeamMemberDTO[];
  onApply(filter: AuditPageFilter): void;
}) {
  const [draft, setDraft] = useState<AuditPageFilter>(filter);
  const [showErrors, setShowErrors] = useState(false);
  const change = (next: Partial<AuditPageFilter>) => setDraft({ ...draft, ...next });
  const rangeError = showErrors ? dateRangeError(draft) : undefined;

  function apply(event: FormEvent) {
    event.preventDefault();
    setShowErrors(true);
    if (!dateRangeError(draft)) onApply(draft);
  }

  const knownPerson = !draft.actorUserId || people.some((p) => p.id === draft.actorUserId);
  return (
    <FiltersPanel active={isFiltered(filter)}>
      <form
        aria-label="Filter the audit log"
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
        onSubmit={apply}
        noValidate
      >
        <ActionPicker value={draft.actions} onChange={(actions) => change({ actions })} />
        <SelectField
          label="Outcome"
          value={draft.outcome}
          onChange={(e) => change({ outcome: e.target.value as AuditPageFilter['outcome'] })}
        >
          <option value="">Any outcome</option>
          <option value="SUCCESS">Succeeded</option>
          <option value="FAIL">Refused</option>
        </SelectField>
        <SelectField
          label="Actor"
          value={draft.actorUserId}
          onChange={(e) => change({ actorUserId: e.target.value })}
        >
          <option value="">Anyone</option>
          {knownPerson ? null : <option value={draft.actorUserId}>The chosen person</option>}
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </SelectField>
        <Field
          label="Target"
          placeholder="An id: user, session, token…"
          autoComplete="off"
          value={draft.targetId}
          onChange={(e) => change({ targetId: e.target.value })}
        />
        <Field
          label="From"
          type="date"
          value={draft.from}
          onChange={(e) => change({ from: e.target.value })}
        />
        <Field
          label="To"
          type="date"
          value={draft.to}
          error={rangeError}
          onChange={(e) => change({ to: e.target.value })}
        />
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            className="h-4 w-4"
            checked={draft.impersonationOnly}
            onChange={(e) => change({ impersonationOnly: e.target.checked })}
          />
          Impersonation only
        </label>
        <div className="flex flex-wrap justify-end gap-2 sm:col-span-2 lg:col-span-3">
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setDraft(EMPTY_FILTER);
              setShowErrors(false);
              onApply(EMPTY_FILTER);
            }}
          >
            Clear filters
          </Button>
          <Button type="submit">Apply filters</Button>
        </div>
      </form>
    </FiltersPanel>
  );
}
