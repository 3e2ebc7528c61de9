import * as Label from '@radix-ui/react-label';
import { REGEXP_ONLY_DIGITS } from 'input-otp';
import { useId, useState } from 'react';
import { onFieldInvalid } from '../lib/validity';
import { describedBy, FieldMessage } from './ui/field';
import { InputOTP, InputOTPGroup, InputOTPSeparator, InputOTPSlot } from './ui/input-otp';

export const TOTP_CODE_LENGTH = 6;

/** People paste "123 456" or "123-456" from their app. */
const digitsOnly = (pasted: string) => pasted.replace(/\D/g, '');

/**
 * The 6-digit code from an authenticator app. One labelled input ("Authentication code" unless
 * told otherwise), so `getByLabel` and screen readers find a single field. After a refused code,
 * give it a new `key`: it starts again empty and focused, ready for the next code.
 */
export function CodeField({
  label = 'Authentication code',
  name = 'code',
  error,
  autoFocus,
  disabled,
}: {
  label?: string;
  name?: string;
  error?: string | undefined;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const [refused, setRefused] = useState<string | null>(null);
  const shown = error ?? refused ?? undefined;
  return (
    <div className="space-y-1.5">
      <Label.Root htmlFor={id} className="text-sm font-medium">
        {label}
      </Label.Root>
      <InputOTP
        id={id}
        name={name}
        maxLength={TOTP_CODE_LENGTH}
        pattern={REGEXP_ONLY_DIGITS}
        pasteTransformer={digitsOnly}
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        autoFocus={autoFocus}
        disabled={disabled}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy(id, shown, undefined)}
        onInvalid={(event) => onFieldInvalid(event, label, setRefused)}
        onInput={() => setRefused(null)}
      >
        <InputOTPGroup>
          <InputOTPSlot index={0} />
          <InputOTPSlot index={1} />
          <InputOTPSlot index={2} />
        </InputOTPGroup>
        <InputOTPSeparator />
        <InputOTPGroup>
          <InputOTPSlot index={3} />
          <InputOTPSlot index={4} />
          <InputOTPSlot index={5} />
        </InputOTPGroup>
      </InputOTP>
      <FieldMessage id={id} error={shown} />
    </div>
  );
}

/** The code as the form holds it, or the sentence to show when it is not six digits. */
export function codeFrom(form: FormData, name = 'code'): { code: string } | { error: string } {
  const code = String(form.get(name) ?? '');
  return code.length === TOTP_CODE_LENGTH
    ? { code }
    : { error: `Enter the ${TOTP_CODE_LENGTH}-digit code from your authenticator app` };
}
