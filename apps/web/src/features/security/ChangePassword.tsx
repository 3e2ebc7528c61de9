import { PASSWORD_MIN_LENGTH } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Field } from '../../components/ui/field';

export function ChangePassword() {
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const { revokedOtherSessions: n } = await calls.changePassword(
        String(form.get('currentPassword')),
        String(form.get('newPassword')),
      );
      formElement.reset();
      setNotice(
        `Password changed. ${n} other ${n === 1 ? 'session was' : 'sessions were'} signed out.`,
      );
    } catch (err: unknown) {
      setError(
        err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'Could not change the password'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card aria-labelledby="change-password-heading">
      <h2 id="change-password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every other device will be signed out.
      </p>
      <form className="mt-4 max-w-sm space-y-4" onSubmit={onSubmit}>
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {error && error.issues.length === 0 ? <Alert tone="error">{error.message}</Alert> : null}
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={error?.fieldError('currentPassword')}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
          error={error?.fieldError('newPassword')}
        />
        <Button type="submit" disabled={busy}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
