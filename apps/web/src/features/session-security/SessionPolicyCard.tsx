import type { OrgSecurityResponse, SessionPreset } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useUpdateOrgSecurity } from '../../api/org-security';
import { ErrorAlert } from '../../components/error-alert';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Switch } from '../../components/ui/switch';
import { formatMinutes } from '../../lib/duration';
import { toast } from '../../stores/toast';
import {
  formFromSettings,
  minutesHint,
  type PolicyErrors,
  type PolicyForm,
  validatePolicy,
} from './policy-form';

const lengths = (idleMinutes: number, absoluteMinutes: number) =>
  `idle timeout ${formatMinutes(idleMinutes)}; absolute lifetime ${formatMinutes(absoluteMinutes)}`;

const PRESETS: { value: SessionPreset; label: string; hint: (s: OrgSecurityResponse) => string }[] =
  [
    {
      value: 'strict',
      label: 'Strict',
      hint: ({ sessionPolicy: { presets } }) =>
        `Signed out soon: ${lengths(presets.strict.idleMinutes, presets.strict.absoluteMinutes)}.`,
    },
    {
      value: 'standard',
      label: 'Standard',
      hint: ({ sessionPolicy: { presets } }) =>
        `Signed in for longer: ${lengths(presets.standard.idleMinutes, presets.standard.absoluteMinutes)}.`,
    },
    {
      value: 'custom',
      label: 'Custom',
      hint: () => 'Your own limits, in minutes. Empty fields take the Strict value.',
    },
  ];

const POLICY_FIELDS = ['idleMinutes', 'absoluteMinutes', 'maxSessionsPerUser'] as const;

/** A refusal from the server about one of the fields, to show under it. */
function serverFieldErrors(error: unknown): PolicyErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: PolicyErrors = {};
  for (const field of POLICY_FIELDS) {
    const message = error.fieldError(field) ?? error.fieldError(`sessionPolicy.${field}`);
    if (message) errors[field] = message;
  }
  return errors;
}

/** Strict / Standard / Custom, checked as you type with the server's own rules. */
export function SessionPolicyCard({ settings }: { settings: OrgSecurityResponse }) {
  const update = useUpdateOrgSecurity();
  const [form, setForm] = useState<PolicyForm>(() => formFromSettings(settings));
  const [errors, setErrors] = useState<PolicyErrors>({});
  const custom = form.preset === 'custom';

  function change(next: Partial<PolicyForm>) {
    const updated = { ...form, ...next };
    setForm(updated);
    update.reset();
    setErrors(validatePolicy(updated).errors);
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const { patch, errors: found } = validatePolicy(form);
    setErrors(found);
    if (!patch) return;
    update.mutate(patch, {
      onSuccess: () => toast('Session policy saved', 'success'),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  const { bounds, effective, presets } = settings.sessionPolicy;
  const fieldErrors = Object.keys(serverFieldErrors(update.error)).length > 0;
  return (
    <Card>
      <h2 className="text-lg font-semibold">Session policy</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        In force now: {lengths(effective.idleMinutes, effective.absoluteMinutes)}.
      </p>
      <form className="mt-4 space-y-4" onSubmit={save} noValidate>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Preset</legend>
          {PRESETS.map((preset) => (
            <label
              key={preset.value}
              className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-indigo-500 dark:border-slate-700"
            >
              <input
                type="radio"
                name="preset"
                value={preset.value}
                checked={form.preset === preset.value}
                onChange={() => change({ preset: preset.value })}
                aria-labelledby={`preset-${preset.value}`}
                aria-describedby={`preset-${preset.value}-hint`}
                className="mt-1 accent-indigo-600"
              />
              <span>
                <span id={`preset-${preset.value}`} className="block text-sm font-medium">
                  {preset.label}
                </span>
                <span
                  id={`preset-${preset.value}-hint`}
                  className="block text-xs text-slate-500 dark:text-slate-400"
                >
                  {preset.hint(settings)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Idle timeout (minutes)"
            inputMode="numeric"
            value={form.idleMinutes}
            disabled={!custom}
            placeholder={String(presets.strict.idleMinutes)}
            hint={minutesHint(form.idleMinutes, bounds.idleMinutes)}
            error={custom ? errors.idleMinutes : undefined}
            onChange={(e) => change({ idleMinutes: e.target.value })}
          />
          <Field
            label="Absolute lifetime (minutes)"
            inputMode="numeric"
            value={form.absoluteMinutes}
            disabled={!custom}
            placeholder={String(presets.strict.absoluteMinutes)}
            hint={minutesHint(form.absoluteMinutes, bounds.absoluteMinutes)}
            error={custom ? errors.absoluteMinutes : undefined}
            onChange={(e) => change({ absoluteMinutes: e.target.value })}
          />
          <Field
            label="Sessions per user"
            inputMode="numeric"
            value={form.maxSessionsPerUser}
            hint={`At most this many devices at once (${bounds.maxSessionsPerUser.min}–${bounds.maxSessionsPerUser.max}); the oldest is signed out.`}
            error={errors.maxSessionsPerUser}
            onChange={(e) => change({ maxSessionsPerUser: e.target.value })}
          />
        </div>
        <div className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <div>
            <p id="impersonation-mode-label" className="text-sm font-medium">
              Allow full impersonation
            </p>
            <p id="impersonation-mode-hint" className="text-xs text-slate-500 dark:text-slate-400">
              Admins impersonating someone may also make changes as them. Off, support sessions are
              read-only. Password, MFA, role, token and policy changes are refused either way.
            </p>
          </div>
          <Switch
            aria-labelledby="impersonation-mode-label"
            aria-describedby="impersonation-mode-hint"
            checked={form.impersonationMode === 'full'}
            onCheckedChange={(full) => change({ impersonationMode: full ? 'full' : 'read_only' })}
          />
        </div>
        {fieldErrors ? null : (
          <ErrorAlert error={update.error} fallback="Could not save the policy" />
        )}
        {update.isSuccess ? (
          <Alert tone="success">Saved. New limits apply at each person’s next sign-in.</Alert>
        ) : (
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Changes apply at each person’s next sign-in; sessions already open keep their limits.
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" disabled={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
