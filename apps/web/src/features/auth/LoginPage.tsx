import { useQueryClient } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type SessionLimitOffer, type SignInResult, useSignIn } from '../../api/auth';
import { ApiError, errorMessage } from '../../api/errors';
import { cancelPasskeyAutofill, passkeyAutofill, usePasskeySignIn } from '../../api/passkeys';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { browserEmailStore, lastEmail, rememberEmail } from '../../lib/last-email';
import { safeNextPath } from '../../lib/redirect';
import { paths } from '../../paths';
import { useAuth } from '../../stores/auth';
import { AuthLayout } from './AuthLayout';
import { reasonMessage } from './reasons';
import { SecondStep } from './SecondStep';
import { SessionChoice } from './SessionChoice';

/** The sign-in form's error: a wrong password is never told apart from an unknown email. */
function signInMessage(error: unknown): string | null {
  if (
    error instanceof ApiError &&
    error.body?.error === 'INVALID_CREDENTIALS' &&
    !error.body.restart
  )
    return 'Invalid email or password';
  return errorMessage(error, 'Sign-in failed');
}

/** Why a passkey did not sign in; a closed prompt is said gently. */
function PasskeyError({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof Error && !(error instanceof ApiError) && error.name === 'NotAllowedError'
      ? 'The passkey prompt was closed or timed out'
      : errorMessage(error, 'Passkey sign-in failed');
  return <Alert tone="error">{message}</Alert>;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [restartError, setRestartError] = useState<ApiError | null>(null);
  // Why the last session ended: the address says when the app sent the user here, the start-up
  // probe says when the page was opened or reloaded with a dead session's cookie.
  const probedReason = useAuth((s) => s.reason);
  const reason = params.get('reason') ?? probedReason;
  // The device and the administrator's words only as the server's 401 gave them: a link cannot
  // supply words for our page.
  const device = useAuth((s) => (reason === 'session_limit' ? s.device : null));
  const banner = reasonMessage(reason, device);
  const note = useAuth((s) => (reason === 'forced_logout' ? s.note : null));
  // At the session limit (after the password, or after the second step): which one ends.
  const [limitOffer, setLimitOffer] = useState<SessionLimitOffer | null>(null);
  const [emailStore] = useState(browserEmailStore);
  const [rememberedEmail] = useState(() => lastEmail(emailStore));
  const signingInAs = useRef('');
  const passkey = usePasskeySignIn();
  const queryClient = useQueryClient();
  const goOnRef = useRef<() => void>(() => undefined);

  // Conditional UI: the browser offers saved passkeys in the Email field's autofill.
  useEffect(() => {
    let live = true;
    passkeyAutofill(queryClient).then(
      (signedIn) => {
        if (signedIn && live) goOnRef.current();
      },
      // Abandoned, replaced by an explicit sign-in, or refused: the form is still there.
      () => undefined,
    );
    return () => {
      live = false;
      cancelPasskeyAutofill();
    };
  }, [queryClient]);

  function goOn() {
    if (signingInAs.current) rememberEmail(emailStore, signingInAs.current);
    navigate(safeNextPath(params.get('next'), window.location.origin), { replace: true });
  }
  goOnRef.current = goOn;

  function onPasskey() {
    setRestartError(null);
    passkey.mutate(undefined, { onSuccess: goOn });
  }

  const passkeyButton = (
    <Button
      type="button"
      variant="secondary"
      className="w-full"
      onClick={onPasskey}
      disabled={passkey.isPending}
    >
      <KeyRound className="h-4 w-4" aria-hidden />
      Sign in with a passkey
    </Button>
  );

  function onResult(result: SignInResult) {
    if (result.signedIn) goOn();
    else if ('sessionLimit' in result) setLimitOffer(result.sessionLimit);
  }

  function restart(error: ApiError | null) {
    signIn.reset();
    setLimitOffer(null);
    setRestartError(error);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRestartError(null);
    signingInAs.current = String(form.get('email'));
    signIn.mutate(
      { email: signingInAs.current, password: String(form.get('password')) },
      { onSuccess: onResult },
    );
  }

  if (limitOffer) {
    return (
      <AuthLayout title="Too many sessions">
        <SessionChoice
          offer={limitOffer}
          onSignedIn={goOn}
          onRestart={restart}
          onCancel={() => restart(null)}
        />
      </AuthLayout>
    );
  }

  if (signIn.data && !signIn.data.signedIn && 'mfaToken' in signIn.data) {
    return (
      <AuthLayout title="Two-factor authentication">
        {signIn.data.methods.includes('passkey') ? (
          <div className="mb-4 space-y-2">
            {passkeyButton}
            <PasskeyError error={passkey.error} />
          </div>
        ) : null}
        <SecondStep
          mfaToken={signIn.data.mfaToken}
          withCode={signIn.data.methods.includes('totp')}
          onResult={onResult}
          // The challenge expired or was spent: back to the password, saying why.
          onRestart={restart}
        />
      </AuthLayout>
    );
  }

  const message = signInMessage(signIn.error ?? restartError);
  return (
    <AuthLayout title="Sign in to Gatehouse">
      {banner ? (
        <Alert className="mb-4">
          {banner}
          {note ? <span className="mt-1 block break-words">Their reason: {note}</span> : null}
        </Alert>
      ) : null}
      {message ? (
        <Alert tone="error" className="mb-4">
          {message}
        </Alert>
      ) : null}
      <form className="space-y-4" onSubmit={onSubmit}>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username webauthn"
          defaultValue={rememberedEmail}
          required
          error={signIn.error instanceof ApiError ? signIn.error.fieldError('email') : undefined}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <p className="text-right text-sm">
          <Link
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            to={paths.forgotPassword}
          >
            Forgot password?
          </Link>
        </p>
        <Button type="submit" className="w-full" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <div className="mt-4 space-y-2">
        {passkeyButton}
        <PasskeyError error={passkey.error} />
      </div>
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
