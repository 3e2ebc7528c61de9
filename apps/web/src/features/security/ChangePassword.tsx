import { type FormEvent, useState } from 'react';
import { useChangePassword } from '../../api/auth';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { NewPasswordField } from '../../components/new-password-field';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { WriteControl } from '../../components/write-control';
import { useAuth } from '../../stores/auth';

export function ChangePassword() {
  const me = useAuth((s) => s.me);
  const change = useChangePassword();
  const [newPassword, setNewPassword] = useState('');
  const userInputs = me ? [me.user.email, me.user.name, me.org.name] : [];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const currentPassword = String(new FormData(form).get('currentPassword'));
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          setNewPassword('');
        },
      },
    );
  }

  // Wrong current password (400 INVALID_PASSWORD), weak or unchanged new one (422): per field.
  const error = change.error instanceof ApiError ? change.error : null;
  const signedOut = change.data?.revokedOtherSessions;
  return (
    <Card aria-labelledby="change-password-heading">
      <h2 id="change-password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every other device will be signed out.
      </p>
      <form className="mt-4 max-w-sm space-y-4" onSubmit={onSubmit}>
        {signedOut !== undefined ? (
          <Alert tone="success">
            Password changed. {signedOut} other {signedOut === 1 ? 'session was' : 'sessions were'}{' '}
            signed out.
          </Alert>
        ) : null}
        <ErrorAlert
          error={change.error}
          fallback="Could not change the password"
          fields={['currentPassword', 'newPassword']}
        />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={error?.fieldError('currentPassword')}
        />
        <NewPasswordField
          label="New password"
          name="newPassword"
          value={newPassword}
          onChange={setNewPassword}
          userInputs={userInputs}
          error={error?.fieldError('newPassword')}
        />
        <WriteControl>
          <Button type="submit" disabled={change.isPending}>
            Change password
          </Button>
        </WriteControl>
      </form>
    </Card>
  );
}
