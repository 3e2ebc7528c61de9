import { type FormEvent, useState } from 'react';
import { type SignInResult, useSignInSecondStep } from '../../api/auth';
import { ApiError, errorMessage } from '../../api/errors';
import { CodeField, codeFrom } from '../../components/code-field';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SwitchMethodLink } from '../../components/ui/switch-method-link';

/** The sign-in's second step: a code from the app, or a recovery code. */
export function SecondStep({
  mfaToken,
  withCode = true,
  onResult,
  onRestart,
}: {
  mfaToken: string;
  /** The account has TOTP; without it (a passkey alone) only a recovery code is typed here. */
  withCode?: boolean;
  /** Signed in, or at the session limit: the choice of which session ends comes next. */
  onResult(result: SignInResult): void;
  /** The token expired or was spent: back to the password, with why. */
  onRestart(error: ApiError): void;
}) {
  const verify = useSignInSecondStep();
  const [recoveryChosen, setUseRecovery] = useState(false);
  const useRecovery = recoveryChosen || !withCode;
  const [typo, setTypo] = useState<string | null>(null);
  const [refusals, setRefusals] = useState(0);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const proof = useRecovery
      ? { recoveryCode: String(form.get('proof') ?? '') }
      : codeFrom(form, 'proof');
    if ('error' in proof) return setTypo(proof.error);
    setTypo(null);
    verify.mutate(
      { mfaToken, proof },
      {
        onSuccess: onResult,
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') onRestart(error);
          else setRefusals((n) => n + 1);
        },
      },
    );
  }

  const message = typo ?? errorMessage(verify.error, 'Verification failed');
  return (
    <form className="space-y-4" onSubmit={onSubmit} key={String(useRecovery)}>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {useRecovery
          ? 'Enter one of the recovery codes you saved. Each works once.'
          : 'Enter the 6-digit code from your authenticator app.'}
      </p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      {useRecovery ? (
        <Field label="Recovery code" name="proof" autoComplete="off" required autoFocus />
      ) : (
        <CodeField key={refusals} name="proof" autoFocus />
      )}
      <Button type="submit" className="w-full" disabled={verify.isPending}>
        Verify
      </Button>
      {withCode ? (
        <div className="text-center">
          <SwitchMethodLink
            label={useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
            onClick={() => {
              setTypo(null);
              verify.reset();
              setUseRecovery(!useRecovery);
            }}
          />
        </div>
      ) : null}
    </form>
  );
}
