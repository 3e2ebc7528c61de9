import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { paths } from '../../paths';
import { useAuth } from '../../stores/auth';
import { AuthLayout } from './AuthLayout';
import { REASON_MESSAGES } from './reasons';
import { SecondStep } from './SecondStep';

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signedIn = useAuth((s) => s.signedIn);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const reason = params.get('reason');
  const banner = reason ? REASON_MESSAGES[reason] : undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await calls.login(String(form.get('email')), String(form.get('password')));
      if ('mfaRequired' in result) {
        setMfaToken(result.mfaToken);
        return;
      }
      await finishSignIn();
    } catch (err: unknown) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'Sign-in failed'));
    } finally {
      setBusy(false);
    }
  }

  async function finishSignIn() {
    signedIn(await calls.me());
    const next = params.get('next');
    navigate(next?.startsWith('/') && !next.startsWith('//') ? next : paths.documents, {
      replace: true,
    });
  }

  if (mfaToken) {
    return (
      <AuthLayout title="Two-factor authentication">
        <SecondStep
          mfaToken={mfaToken}
          onDone={finishSignIn}
          onRestart={(restartError) => {
            setMfaToken(null);
            setError(restartError);
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Sign in to Gatehouse">
      {banner ? <Alert className="mb-4">{banner}</Alert> : null}
      {error ? (
        <Alert tone="error" className="mb-4">
          {error.code === 'RATE_LIMITED'
            ? `Too many attempts. Try again in ${Math.ceil((error.retryAfterSeconds ?? 60) / 60)} minute(s).`
            : error.code === 'INVALID_CREDENTIALS' && error.body.restart !== true
              ? 'Invalid email or password'
              : error.message}
        </Alert>
      ) : null}
      <form className="space-y-4" onSubmit={onSubmit}>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          error={error?.fieldError('email')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600 dark:text-slate-400">
        New to Gatehouse?{' '}
        <Link
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          to={paths.signup}
        >
          Create an account
        </Link>
      </p>
    </AuthLayout>
  );
}
