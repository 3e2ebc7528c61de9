import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useForgotPassword } from '../../api/password-reset';
import { ErrorAlert } from '../../components/error-alert';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { paths } from '../../paths';
import { AuthLayout } from './AuthLayout';

const linkClass = 'font-medium text-indigo-600 hover:underline dark:text-indigo-400';

/** "Forgot password?": asks for a link by email; says the same whether the account exists. */
export function ForgotPasswordPage() {
  const forgot = useForgotPassword();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    forgot.mutate(String(new FormData(event.currentTarget).get('email') ?? ''));
  }

  return (
    <AuthLayout title="Reset your password">
      {forgot.isSuccess ? (
        <Alert className="mb-4">
          If an account uses that address, we sent it a link to set a new password. The link works
          once, for 30 minutes.
        </Alert>
      ) : (
        <>
          <ErrorAlert
            error={forgot.error}
            fallback="Could not send the link"
            fields={['email']}
            className="mb-4"
          />
          <form className="space-y-4" onSubmit={onSubmit}>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Enter the email of your account and we will send you a link to set a new password.
            </p>
            <Field label="Email" name="email" type="email" autoComplete="username" required />
            <Button type="submit" className="w-full" disabled={forgot.isPending}>
              {forgot.isPending ? 'Sending…' : 'Send reset link'}
            </Button>
          </form>
        </>
      )}
      <p className="mt-5 text-center text-sm text-slate-600 dark:text-slate-400">
        <Link className={linkClass} to={paths.login}>
          Back to sign in
        </Link>
      </p>
    </AuthLayout>
  );
}
