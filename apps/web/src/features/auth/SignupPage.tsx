import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSignUp } from '../../api/auth';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { NewPasswordField } from '../../components/new-password-field';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { browserEmailStore, rememberEmail } from '../../lib/last-email';
import { paths } from '../../paths';
import { AuthLayout } from './AuthLayout';

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export function SignupPage() {
  const navigate = useNavigate();
  const signUp = useSignUp();
  const [password, setPassword] = useState('');
  const [userInputs, setUserInputs] = useState<string[]>([]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = text(form, 'email');
    signUp.mutate(
      { orgName: text(form, 'orgName'), name: text(form, 'name'), email, password },
      {
        onSuccess: () => {
          rememberEmail(browserEmailStore(), email);
          navigate(paths.documents, { replace: true });
        },
      },
    );
  }

  const error = signUp.error instanceof ApiError ? signUp.error : null;
  const field = (path: string) => error?.fieldError(path);
  return (
    <AuthLayout title="Create your organisation">
      {error?.code === 'UNAUTHENTICATED' ? (
        // The address had an account: nothing was created and its owner got an email
        // (decision 014); the person here is most likely that owner.
        <Alert className="mb-4">
          Check your email: we sent a message to the address you entered. If you already have an
          account, <Link to={paths.login}>sign in</Link> or reset your password.
        </Alert>
      ) : null}
      <ErrorAlert
        error={error?.code === 'UNAUTHENTICATED' ? null : signUp.error}
        fallback="Sign-up failed"
        fields={['orgName', 'name', 'email', 'password']}
        className="mb-4"
      />
      <form
        className="space-y-4"
        onSubmit={onSubmit}
        // The strength check weighs the person's own words: what they typed above the password.
        onChange={(event) => {
          const form = new FormData(event.currentTarget);
          setUserInputs(['orgName', 'name', 'email'].map((name) => text(form, name)));
        }}
      >
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
        <NewPasswordField
          label="Password"
          name="password"
          value={password}
          onChange={setPassword}
          userInputs={userInputs}
          error={field('password')}
        />
        <Button type="submit" className="w-full" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating…' : 'Create account'}
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
