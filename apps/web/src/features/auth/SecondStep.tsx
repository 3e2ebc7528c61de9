import { type FormEvent, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SwitchMethodLink } from '../../components/ui/switch-method-link';

/** The sign-in's second step: a code from the app, or a recovery code. */
export function SecondStep({
  mfaToken,
  onDone,
  onRestart,
}: {
  mfaToken: string;
  onDone(): Promise<void>;
  /** The token expired or was spent: back to the password, with why. */
  onRestart(error: ApiError): void;
}) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('proof') ?? '');
    setBusy(true);
    setError(null);
    try {
      await calls.loginMfa(mfaToken, useRecovery ? { recoveryCode: value } : { code: value });
      await onDone();
    } catch (err: unknown) {
      if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') return onRestart(err);
      if (err instanceof ApiError && err.code === 'RATE_LIMITED')
        setError(
          `Too many attempts. Try again in ${Math.ceil((err.retryAfterSeconds ?? 60) / 60)} minute(s).`,
        );
      else setError(err instanceof ApiError ? err.message : 'Verification failed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit} key={String(useRecovery)}>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {useRecovery
          ? 'Enter one of the recovery codes you saved. Each works once.'
          : 'Enter the 6-digit code from your authenticator app.'}
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {useRecovery ? (
        <Field label="Recovery code" name="proof" autoComplete="off" required autoFocus />
      ) : (
        <Field
          label="Authentication code"
          name="proof"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          autoFocus
        />
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        Verify
      </Button>
      <div className="text-center">
        <SwitchMethodLink
          label={useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
          onClick={() => {
            setError(null);
            setUseRecovery(!useRecovery);
          }}
        />
      </div>
    </form>
  );
}
