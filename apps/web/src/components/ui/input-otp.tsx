import { OTPInput, OTPInputContext } from 'input-otp';
import { Dot } from 'lucide-react';
import { type ComponentProps, useContext } from 'react';
import { cn } from '../../lib/cn';

/** One real, invisible input drawn as slots (input-otp): paste, autofill and screen readers work. */
export function InputOTP({
  className,
  containerClassName,
  ...props
}: ComponentProps<typeof OTPInput>) {
  return (
    <OTPInput
      containerClassName={cn(
        'flex items-center gap-2 has-[:disabled]:opacity-50',
        containerClassName,
      )}
      className={cn('disabled:cursor-not-allowed', className)}
      {...props}
    />
  );
}

export function InputOTPGroup({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('flex items-center', className)} {...props} />;
}

export function InputOTPSlot({
  index,
  className,
  ...props
}: ComponentProps<'div'> & { index: number }) {
  const slot = useContext(OTPInputContext).slots[index];
  return (
    <div
      className={cn(
        'relative flex h-10 w-10 items-center justify-center border-y border-r border-slate-300 bg-white font-mono text-base shadow-sm first:rounded-l-md first:border-l last:rounded-r-md dark:border-slate-700 dark:bg-slate-900',
        slot?.isActive && 'z-10 ring-2 ring-indigo-500',
        className,
      )}
      {...props}
    >
      {slot?.char ?? slot?.placeholderChar}
      {slot?.hasFakeCaret ? (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
          <div className="h-4 w-px animate-caret-blink bg-slate-900 dark:bg-slate-100" />
        </div>
      ) : null}
    </div>
  );
}

export function InputOTPSeparator(props: ComponentProps<'div'>) {
  return (
    <div aria-hidden {...props}>
      <Dot className="h-4 w-4 text-slate-400" />
    </div>
  );
}
