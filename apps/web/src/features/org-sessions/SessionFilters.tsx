import { DEVICE_TYPES, type OrgSessionsFilter, type TeamMemberDTO } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { FiltersPanel } from '../../components/filters-panel';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SelectField } from '../../components/ui/select-field';
import { COUNTRIES } from '../../lib/countries';
import {
  DEVICE_TYPE_LABELS,
  draftFromFilter,
  type FilterDraft,
  type FilterErrors,
  filterFromDraft,
  isFiltered,
} from './filter';

/** Who, which kind of device, where, and how long unseen; "Apply filters" narrows the list. */
export function SessionFilters({
  filter,
  people,
  onApply,
}: {
  filter: OrgSessionsFilter;
  people: TeamMemberDTO[];
  onApply(filter: OrgSessionsFilter): void;
}) {
  const [draft, setDraft] = useState<FilterDraft>(() => draftFromFilter(filter));
  const [errors, setErrors] = useState<FilterErrors>({});

  function change(next: Partial<FilterDraft>) {
    const updated = { ...draft, ...next };
    setDraft(updated);
    // Errors already shown follow the typing; new ones wait for "Apply filters".
    if (Object.keys(errors).length > 0) setErrors(filterFromDraft(updated).errors);
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const result = filterFromDraft(draft);
    setErrors(result.errors);
    if (result.filter) onApply(result.filter);
  }

  const knownPerson = !draft.userId || people.some((p) => p.id === draft.userId);
  return (
    <FiltersPanel active={isFiltered(filter)}>
      <form
        aria-label="Filter sessions"
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={apply}
        noValidate
      >
        <SelectField
          label="User"
          value={draft.userId}
          onChange={(e) => change({ userId: e.target.value })}
        >
          <option value="">Everyone</option>
          {knownPerson ? null : <option value={draft.userId}>The chosen person</option>}
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Device type"
          value={draft.deviceType}
          onChange={(e) => change({ deviceType: e.target.value })}
        >
          <option value="">Any device</option>
          {DEVICE_TYPES.map((type) => (
            <option key={type} value={type}>
              {DEVICE_TYPE_LABELS[type]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Country"
          value={draft.country}
          onChange={(e) => change({ country: e.target.value })}
        >
          <option value="">Any country</option>
          {COUNTRIES.map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </SelectField>
        <Field
          label="Not seen for (days)"
          inputMode="numeric"
          placeholder="Any"
          value={draft.notSeenDays}
          error={errors.notSeenDays}
          onChange={(e) => change({ notSeenDays: e.target.value })}
        />
        <div className="flex flex-wrap justify-end gap-2 sm:col-span-2 lg:col-span-4">
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setDraft(draftFromFilter({}));
              setErrors({});
              onApply({});
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
