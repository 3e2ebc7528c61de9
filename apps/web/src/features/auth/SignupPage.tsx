import { PASSWORD_MIN_LENGTH } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { paths } from '../../paths';
import { useAuth } from '../../stores/auth';
import { AuthLayout } from './AuthLayout';

export function SignupPage() {
  const navigate = useNavigate();
  const signedIn = useAuth((s) => s.signedIn);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await calls.signup({
        orgName: String(form.get('orgName')),
        name: String(form.get('name')),
        email: String(form.get('email')),
        password: String(form.get('password')),
      });
      signedIn(await calls.me());
      navigate(paths.documents, { replace: true });
    } catch (err: unknown) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'Sign-up failed'));
    } finally {
      setBusy(false);
    }
  }

  const field = (path: string) => error?.fieldError(path);
  return (
    <AuthLayout title="Create your organisation">
      {error && error.issues.length === 0 ? (
        <Alert tone="error" className="mb-4">
          {error.message}
        </Alert>
      ) : null}
      <form className="space-y-4" onSubmit={onSubmit}>
        <Field label="Organisation name" name="orgName" required error={field('orgName')} />
        <Field label="Your name" name="name" autoComplete="name" required error={field('name')} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          error={field('email')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
          error={field('password')}
        />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600 dark:text-slate-400">
        Already have an account?{' '}
        <Link
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          to={paths.login}
        >
          Sign in
        </Link>
      </p>
    </AuthLayout>
  );
}
