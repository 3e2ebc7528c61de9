import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { type ResetProof, resetLinkQuery, useResetPassword } from '../../api/password-reset';
import { CodeField, codeFrom } from '../../components/code-field';
import { ErrorAlert } from '../../components/error-alert';
import { NewPasswordField } from '../../components/new-password-field';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SwitchMethodLink } from '../../components/ui/switch-method-link';
import { loginPath, paths } from '../../paths';
import { AuthLayout } from './AuthLayout';

const linkClass = 'font-medium text-indigo-600 hover:underline dark:text-indigo-400';

const isInvalidLink = (error: unknown) =>
  error instanceof ApiError && error.code === 'RESET_TOKEN_INVALID';

/**
 * Sets a new password from the emailed link. The link is checked on load where the server can
 * (a used or expired one says so before anything is typed; a good one names the account). An
 * account with TOTP is asked for a code too (the server says so); afterwards the user signs in
 * with the new password (decision 014).
 */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const token = params.get('token') ?? '';
  const link = useQuery(resetLinkQuery(token));
  const account = link.data?.account;
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
  const expired = isInvalidLink(error) || isInvalidLink(link.error);
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
      {account ? (
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
          For the account <strong className="break-words">{account.email}</strong>.
        </p>
      ) : null}
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
          userInputs={account ? [account.email, account.name ?? ''] : []}
          autoFocus
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
