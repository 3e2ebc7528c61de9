import * as Label from '@radix-ui/react-label';
import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { onFieldInvalid } from '../../lib/validity';
import { Input } from './input';

/**
 * A labelled input with an optional hint and inline error, wired for screen readers. What the
 * browser's own checks refuse (required, email, length) is said here too, never in its bubble.
 */
export function Field({
  label,
  error,
  hint,
  onInvalid,
  onInput,
  trailing,
  ...props
}: ComponentProps<'input'> & {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  /** A control at the input's end (show/hide a password). */
  trailing?: ReactNode;
}) {
  const id = useId();
  const [refused, setRefused] = useState<string | null>(null);
  const shown = error ?? refused ?? undefined;
  return (
    <div className="space-y-1.5">
      <Label.Root htmlFor={id} className="text-sm font-medium">
        {label}
      </Label.Root>
      <div className="relative">
        <Input
          id={id}
          className={trailing ? 'pr-16' : undefined}
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
          {...props}
        />
        {trailing ? (
          <div className="absolute inset-y-0 right-1 flex items-center">{trailing}</div>
        ) : null}
      </div>
      <FieldMessage id={id} error={shown} hint={hint} />
    </div>
  );
}

export function describedBy(id: string, error: unknown, hint: unknown): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** The error under a field, or else its hint. */
export function FieldMessage({
  id,
  error,
  hint,
}: {
  id: string;
  error?: string | undefined;
  hint?: ReactNode;
}) {
  if (error)
    return (
      <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
        {error}
      </p>
    );
  if (hint)
    return (
      <div id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
        {hint}
      </div>
    );
  return null;
}
