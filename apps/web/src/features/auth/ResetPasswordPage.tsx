import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { type ResetProof, useResetPassword } from '../../api/password-reset';
import { CodeField, codeFrom } from '../../components/code-field';
import { ErrorAlert } from '../../components/error-alert';
import { NewPasswordField } from '../../components/new-password-field';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SwitchMethodLink } from '../../components/ui/switch-method-link';
import { loginPath, paths } from '../../paths';
import { AuthLayout } from './AuthLayout';

const linkClass = 'font-medium text-indigo-600 hover:underline dark:text-indigo-400';

/**
 * Sets a new password from the emailed link. An account with TOTP is asked for a code too (the
 * server says so); afterwards the user signs in with the new password (decision 014).
 */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [typo, setTypo] = useState<string | null>(null);

  function proofFrom(form: FormData): ResetProof | { error: string } {
    if (!needsCode) return {};
    if (useRecovery) return { recoveryCode: String(form.get('proof') ?? '') };
    return codeFrom(form, 'proof');
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const proof = proofFrom(new FormData(event.currentTarget));
    if ('error' in proof) return setTypo(proof.error);
    setTypo(null);
    reset.mutate(
      { token, newPassword: password, proof },
      {
        onSuccess: () => navigate(loginPath('password_reset'), { replace: true }),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'SECOND_FACTOR_REQUIRED')
            setNeedsCode(true);
        },
      },
    );
  }

  const error = reset.error instanceof ApiError ? reset.error : null;
  const asked = error?.code === 'SECOND_FACTOR_REQUIRED';
  const expired = error?.code === 'RESET_TOKEN_INVALID';
  if (!token || expired) {
    return (
      <AuthLayout title="Set a new password">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This reset link is invalid or has expired.{' '}
          <Link className={linkClass} to={paths.forgotPassword}>
            Ask for a new link
          </Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Set a new password">
      {typo ? <p className="mb-4 text-sm text-red-600">{typo}</p> : null}
      {asked ? null : (
        <ErrorAlert
          error={reset.error}
          fallback="Could not set the password"
          fields={['newPassword']}
          className="mb-4"
        />
      )}
      <form className="space-y-4" onSubmit={onSubmit}>
        <NewPasswordField
          label="New password"
          name="newPassword"
          value={password}
          onChange={setPassword}
          userInputs={[]}
          error={error?.fieldError('newPassword')}
        />
        {needsCode ? (
          <div className="space-y-2" key={String(useRecovery)}>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Your account has two-factor authentication: confirm it is you.
            </p>
            {useRecovery ? (
              <Field label="Recovery code" name="proof" autoComplete="off" required />
            ) : (
              <CodeField name="proof" />
            )}
            <SwitchMethodLink
              label={useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
              onClick={() => setUseRecovery((v) => !v)}
            />
          </div>
        ) : null}
        <Button type="submit" className="w-full" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set new password'}
        </Button>
      </form>
    </AuthLayout>
  );
}
