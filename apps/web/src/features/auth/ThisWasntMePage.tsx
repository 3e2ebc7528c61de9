import { Link, useSearchParams } from 'react-router';
import { useThisWasntMe } from '../../api/alerts';
import { errorMessage } from '../../api/errors';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { paths } from '../../paths';
import { AuthLayout } from './AuthLayout';

/**
 * `/this-wasnt-me?token=…` from an alert email: asks first (a mail scanner that follows links
 * must not sign anyone out), then ends every session and requires a new password.
 */
export function ThisWasntMePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const secure = useThisWasntMe();
  if (secure.isSuccess) {
    return (
      <AuthLayout title="Your account is secured">
        <Alert tone="success" className="mb-4">
          {secure.data.message}
        </Alert>
        <Link className="text-sm font-medium text-indigo-600 underline" to={paths.login}>
          Go to sign-in and choose “Forgot password?”
        </Link>
      </AuthLayout>
    );
  }
  const message = secure.isError
    ? errorMessage(secure.error, 'Could not secure the account')
    : null;
  return (
    <AuthLayout title="This wasn't me">
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
        If you did not do what the email described, secure your account: every session is signed
        out, on every device, and you must choose a new password before you can sign in again.
      </p>
      {message ? (
        <Alert tone="error" className="mb-4">
          {message}
        </Alert>
      ) : null}
      <Button
        className="w-full"
        disabled={!token || secure.isPending}
        onClick={() => secure.mutate(token)}
      >
        {secure.isPending ? 'Securing…' : 'Secure my account'}
      </Button>
    </AuthLayout>
  );
}
