import { PASSWORD_MIN_LENGTH } from '@gatehouse/shared';
import type { PasswordStrength } from '@gatehouse/shared/password-strength';
import { Eye, EyeOff } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { cn } from '../lib/cn';
import { strengthLabel, usePasswordStrength } from '../lib/password-strength';
import { Field } from './ui/field';

const BAR_TONES = ['bg-red-500', 'bg-red-500', 'bg-amber-500', 'bg-emerald-500', 'bg-emerald-600'];

function StrengthMeter({ strength }: { strength: PasswordStrength }) {
  const tone = BAR_TONES[strength.score];
  return (
    <div className="space-y-1">
      <div className="flex gap-1" aria-hidden>
        {[0, 1, 2, 3].map((step) => (
          <span
            key={step}
            className={cn(
              'h-1 flex-1 rounded-full bg-slate-200 dark:bg-slate-700',
              step < Math.max(strength.score, 1) && tone,
            )}
          />
        ))}
      </div>
      <p aria-live="polite">
        <span className="font-medium">Strength: {strengthLabel(strength.score)}</span>
        {strength.reason ? ` — ${strength.reason}` : null}
      </p>
      {!strength.acceptable && strength.suggestions[0] ? <p>{strength.suggestions[0]}</p> : null}
    </div>
  );
}

/**
 * A new password, with its strength and the reason as the user types. The server runs the same
 * check and has the last word; `error` shows what it said.
 */
export function NewPasswordField({
  label,
  name,
  value,
  onChange,
  userInputs,
  error,
  autoFocus,
}: {
  label: string;
  name: string;
  value: string;
  onChange(value: string): void;
  userInputs: readonly string[];
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const [visible, setVisible] = useState(false);
  const strength = usePasswordStrength(value, userInputs);
  const input = useRef<HTMLInputElement>(null);
  // The browser then refuses to submit a password the server would refuse, and says why.
  const refusal = strength && !strength.acceptable ? (strength.reason ?? 'Too easy to guess') : '';
  useEffect(() => input.current?.setCustomValidity(refusal), [refusal]);
  return (
    <Field
      ref={input}
      label={label}
      name={name}
      type={visible ? 'text' : 'password'}
      autoFocus={autoFocus}
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      trailing={
        <button
          type="button"
          aria-pressed={visible}
          className="flex items-center gap-1 rounded px-2 py-1 text-xs font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-slate-300 dark:hover:text-slate-100"
          onClick={() => setVisible((was) => !was)}
        >
          {visible ? (
            <EyeOff className="h-4 w-4" aria-hidden />
          ) : (
            <Eye className="h-4 w-4" aria-hidden />
          )}
          {/* The name stays "Show password"; pressed says it is shown (getByLabel stays unique). */}
          <span className="sr-only">Show password</span>
          <span aria-hidden>{visible ? 'Hide' : 'Show'}</span>
        </button>
      }
      hint={
        strength ? (
          <StrengthMeter strength={strength} />
        ) : (
          `At least ${PASSWORD_MIN_LENGTH} characters`
        )
      }
    />
  );
}
