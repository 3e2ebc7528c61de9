import type { OrgSecurityResponse, SessionPreset } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { toast } from '../../stores/toast';
import { orgSecurityCalls } from './api';
import { formFromPolicy, type PolicyErrors, type PolicyForm, validatePolicy } from './policy-form';

const PRESETS: { value: SessionPreset; label: string; hint: (s: OrgSecurityResponse) => string }[] =
  [
    {
      value: 'strict',
      label: 'Strict',
      hint: (s) =>
        `Signed out after ${s.sessionPolicy.presets.strict.idleMinutes} minutes idle, ${s.sessionPolicy.presets.strict.absoluteMinutes / 60} hours at most.`,
    },
    {
      value: 'standard',
      label: 'Standard',
      hint: (s) =>
        `Signed out after ${s.sessionPolicy.presets.standard.idleMinutes / 1440} days idle, ${s.sessionPolicy.presets.standard.absoluteMinutes / 1440} days at most.`,
    },
    {
      value: 'custom',
      label: 'Custom',
      hint: () => 'Your own limits, in minutes. Empty fields take the Strict value.',
    },
  ];

/** Strict / Standard / Custom, checked as you type with the server's own rules. */
export function SessionPolicyCard({
  settings,
  onSaved,
}: {
  settings: OrgSecurityResponse;
  onSaved(next: OrgSecurityResponse): void;
}) {
  const [form, setForm] = useState<PolicyForm>(() =>
    formFromPolicy(settings.sessionPolicy, settings.maxSessionsPerUser),
  );
  const [errors, setErrors] = useState<PolicyErrors>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const custom = form.preset === 'custom';

  function change(next: Partial<PolicyForm>) {
    const updated = { ...form, ...next };
    setForm(updated);
    setSaved(false);
    setErrors(validatePolicy(updated).errors);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const { patch, errors: found } = validatePolicy(form);
    setErrors(found);
    if (!patch) return;
    setBusy(true);
    setFailure(null);
    try {
      const next = await orgSecurityCalls.update(patch);
      onSaved(next);
      setSaved(true);
      toast('Session policy saved', 'success');
    } catch (err: unknown) {
      if (err instanceof ApiError && err.code === 'STEP_UP_REQUIRED') return;
      const issue = err instanceof ApiError ? err.issues[0] : undefined;
      if (issue && (issue.path === 'idleMinutes' || issue.path === 'absoluteMinutes'))
        setErrors({ [issue.path]: issue.message });
      else setFailure(err instanceof ApiError ? err.message : 'Could not save the policy');
    } finally {
      setBusy(false);
    }
  }

  const { bounds, effective } = settings.sessionPolicy;
  return (
    <Card>
      <h2 className="text-lg font-semibold">Session policy</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        In force now: signed out after {effective.idleMinutes.toLocaleString()} minutes idle,{' '}
        {effective.absoluteMinutes.toLocaleString()} minutes at most.
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
            placeholder={String(settings.sessionPolicy.presets.strict.idleMinutes)}
            hint={`${bounds.idleMinutes.min}–${bounds.idleMinutes.max.toLocaleString()}`}
            error={custom ? errors.idleMinutes : undefined}
            onChange={(e) => change({ idleMinutes: e.target.value })}
          />
          <Field
            label="Absolute lifetime (minutes)"
            inputMode="numeric"
            value={form.absoluteMinutes}
            disabled={!custom}
            placeholder={String(settings.sessionPolicy.presets.strict.absoluteMinutes)}
            hint={`${bounds.absoluteMinutes.min}–${bounds.absoluteMinutes.max.toLocaleString()}`}
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
        {failure ? <Alert tone="error">{failure}</Alert> : null}
        {saved ? (
          <Alert tone="success">Saved. New limits apply at each person’s next sign-in.</Alert>
        ) : (
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Changes apply at each person’s next sign-in; sessions already open keep their limits.
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" disabled={busy}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
