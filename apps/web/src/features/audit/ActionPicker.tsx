import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction } from '@gatehouse/shared';
import { useCombobox, useMultipleSelection } from 'downshift';
import { ChevronDown, X } from 'lucide-react';
import { useState } from 'react';
import { cn } from '../../lib/cn';

interface Choice {
  action: AuditAction;
  label: string;
}

/** Every action, alphabetical by its words. */
const CHOICES: Choice[] = (Object.keys(AUDIT_ACTIONS) as AuditAction[])
  .map((action) => ({ action, label: AUDIT_ACTION_LABELS[action] }))
  .sort((a, b) => a.label.localeCompare(b.label));

/** The choices not taken yet whose words contain what was typed. */
export function actionChoices(chosen: readonly AuditAction[], typed: string): Choice[] {
  const words = typed.trim().toLowerCase();
  return CHOICES.filter((c) => !chosen.includes(c.action) && c.label.toLowerCase().includes(words));
}

/**
 * "Action": a searchable multi-select (WAI-ARIA combobox + listbox, by downshift). Type to
 * narrow the list, Enter or a click adds one; each chosen action is a chip with "Remove".
 */
export function ActionPicker({
  value,
  onChange,
}: {
  value: AuditAction[];
  onChange(actions: AuditAction[]): void;
}) {
  const [typed, setTyped] = useState('');
  const items = actionChoices(value, typed);
  const { getSelectedItemProps, getDropdownProps, removeSelectedItem } =
    useMultipleSelection<AuditAction>({
      selectedItems: value,
      onSelectedItemsChange: ({ selectedItems }) => onChange(selectedItems),
    });
  const combobox = useCombobox<Choice>({
    items,
    itemToString: (choice) => choice?.label ?? '',
    defaultHighlightedIndex: 0,
    selectedItem: null,
    inputValue: typed,
    // After a choice the list stays open on the same row, ready for the next one.
    stateReducer: (state, { changes, type }) =>
      type === useCombobox.stateChangeTypes.InputKeyDownEnter ||
      type === useCombobox.stateChangeTypes.ItemClick
        ? { ...changes, isOpen: true, highlightedIndex: state.highlightedIndex, inputValue: '' }
        : changes,
    onStateChange: ({ type, selectedItem, inputValue }) => {
      if (
        (type === useCombobox.stateChangeTypes.InputKeyDownEnter ||
          type === useCombobox.stateChangeTypes.ItemClick) &&
        selectedItem
      ) {
        onChange([...value, selectedItem.action]);
        setTyped('');
      } else if (type === useCombobox.stateChangeTypes.InputChange) setTyped(inputValue ?? '');
    },
  });
  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps } =
    combobox;

  return (
    <div className="relative space-y-1.5 sm:row-span-2">
      {/* biome-ignore lint/a11y/noLabelWithoutControl: downshift's props tie it to the input */}
      <label {...getLabelProps({ className: 'text-sm font-medium' })}>Action</label>
      <div className="flex min-h-10 flex-wrap items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 focus-within:border-indigo-500 focus-within:ring-2 focus-within:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900">
        {value.map((action, index) => (
          <span
            key={action}
            className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:bg-indigo-950 dark:text-indigo-100"
            {...getSelectedItemProps({ selectedItem: action, index })}
          >
            {AUDIT_ACTION_LABELS[action]}
            <button
              type="button"
              aria-label={`Remove ${AUDIT_ACTION_LABELS[action]}`}
              className="rounded-full hover:text-indigo-600"
              onClick={(event) => {
                event.stopPropagation();
                removeSelectedItem(action);
              }}
            >
              <X className="h-3 w-3" aria-hidden />
            </button>
          </span>
        ))}
        <input
          className="h-8 min-w-32 flex-1 bg-transparent text-sm outline-none placeholder:text-slate-400"
          placeholder={value.length === 0 ? 'Every action — type to search' : 'Add another'}
          {...getInputProps(getDropdownProps({ preventKeyAction: isOpen }))}
        />
        <button
          type="button"
          aria-label="Show actions"
          className="rounded-sm p-1 text-slate-500"
          {...combobox.getToggleButtonProps()}
        >
          <ChevronDown className="h-4 w-4" aria-hidden />
        </button>
      </div>
      <ul
        {...getMenuProps({
          className: cn(
            'absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900',
            !(isOpen && items.length > 0) && 'hidden',
          ),
        })}
      >
        {isOpen
          ? items.map((choice, index) => (
              <li
                key={choice.action}
                className={cn(
                  'cursor-pointer px-3 py-1.5',
                  highlightedIndex === index && 'bg-indigo-50 dark:bg-indigo-950',
                )}
                {...getItemProps({ item: choice, index })}
              >
                {choice.label}
              </li>
            ))
          : null}
      </ul>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {value.length === 0 ? 'Every action.' : `${value.length} chosen: entries of any of them.`}
      </p>
    </div>
  );
}
