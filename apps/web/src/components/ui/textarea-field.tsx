import * as Label from '@radix-ui/react-label';
import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { cn } from '../../lib/cn';
import { onFieldInvalid } from '../../lib/validity';
import { describedBy, FieldMessage } from './field';

/** Field's multi-line sibling: a labelled textarea with a hint and an inline error. */
export function TextareaField({
  label,
  error,
  hint,
  className,
  onInvalid,
  onInput,
  ...props
}: ComponentProps<'textarea'> & { label: string; error?: string | undefined; hint?: ReactNode }) {
  const id = useId();
  const [refused, setRefused] = useState<string | null>(null);
  const shown = error ?? refused ?? undefined;
  return (
    <div className="space-y-1.5">
      <Label.Root htmlFor={id} className="text-sm font-medium">
        {label}
      </Label.Root>
      <textarea
        id={id}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy(id, shown, hint)}
        onInvalid={(event) => {
          onInvalid?.(event);
          onFieldInvalid(event, label, setRefused);
        }}
        onInput={(event) => {
          onInput?.(event);
          setRefused(null);
        }}
        className={cn(
          'min-h-24 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900',
          className,
        )}
        {...props}
      />
      <FieldMessage id={id} error={shown} hint={hint} />
    </div>
  );
}
