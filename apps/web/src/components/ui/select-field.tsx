import * as Label from '@radix-ui/react-label';
import { type ComponentProps, useId } from 'react';
import { cn } from '../../lib/cn';

/** A labelled native select: the platform's own picker, keyboard and screen-reader support. */
export function SelectField({
  label,
  className,
  children,
  ...props
}: ComponentProps<'select'> & { label: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <Label.Root htmlFor={id} className="text-sm font-medium">
        {label}
      </Label.Root>
      <select
        id={id}
        className={cn(
          'h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm dark:border-slate-700 dark:bg-slate-900',
          className,
        )}
        {...props}
      >
        {children}
      </select>
    </div>
  );
}
