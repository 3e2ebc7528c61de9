import type { StepUpRequiredBody } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { verifyStepUpWithPasskey } from '../../api/passkeys';
import { type StepUpProof, useVerifyStepUp } from '../../api/step-up';
import { CodeField, codeFrom } from '../../components/code-field';
import { ErrorAlert } from '../../components/error-alert';
import { Button } from '../../components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { SwitchMethodLink } from '../../components/ui/switch-method-link';
import { paths } from '../../paths';
import { useStepUp } from '../../stores/step-up';
import { type StepUpMethod, stepUpDescription } from './copy';
import { focusAfterStepUp } from './focus';

type TypedMethod = Exclude<StepUpMethod, 'passkey'>;

const PROOF_FIELD: Record<TypedMethod, string> = {
  password: 'password',
  totp: 'code',
  recovery: 'recoveryCode',
};

function proofFrom(method: TypedMethod, form: FormData): StepUpProof | { error: string } {
  if (method === 'totp') return codeFrom(form, 'proof');
  const value = String(form.get('proof') ?? '');
  return method === 'password' ? { password: value } : { recoveryCode: value };
}

/** A wrong password or code belongs under its field; anything else is said above the form. */
function fieldMessage(error: unknown, method: TypedMethod): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const onField = error.fieldError(PROOF_FIELD[method]);
  if (onField) return onField;
  return error.code === 'INVALID_OTP' || error.code === 'INVALID_PASSWORD'
    ? error.message
    : undefined;
}

function VerifyDialog({
  challenge,
  onDone,
}: {
  challenge: StepUpRequiredBody;
  onDone(verified: boolean): void;
}) {
  const verify = useVerifyStepUp();
  const [useRecovery, setUseRecovery] = useState(false);
  const [typo, setTypo] = useState<string | null>(null);
  const [refusals, setRefusals] = useState(0);
  // What had focus when the dialog opened, to go back to after a cancel.
  const [opener] = useState(() => document.activeElement);
  const hasTotp = challenge.methods.includes('totp');
  const hasPasskey = challenge.methods.includes('passkey');
  const typed = challenge.methods.some((m) => m !== 'passkey');
  const method: TypedMethod = hasTotp
    ? useRecovery
      ? 'recovery'
      : 'totp'
    : challenge.methods.includes('recovery_code')
      ? 'recovery'
      : 'password';
  const fieldError = typo ?? fieldMessage(verify.error, method);
  const [passkeyError, setPasskeyError] = useState<unknown>(null);
  const [touching, setTouching] = useState(false);

  async function verifyWithPasskey() {
    setPasskeyError(null);
    setTouching(true);
    try {
      await verifyStepUpWithPasskey(challenge.purpose);
      onDone(true);
    } catch (error: unknown) {
      setPasskeyError(
        error instanceof Error && error.name === 'NotAllowedError'
          ? new Error('The passkey prompt was closed or timed out')
          : error,
      );
    } finally {
      setTouching(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const proof = proofFrom(method, new FormData(event.currentTarget));
    if ('error' in proof) return setTypo(proof.error);
    setTypo(null);
    verify.mutate(
      { purpose: challenge.purpose, proof },
      { onSuccess: () => onDone(true), onError: () => setRefusals((n) => n + 1) },
    );
  }

  function switchMethod() {
    setTypo(null);
    verify.reset();
    setUseRecovery(!useRecovery);
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onDone(false))}>
      <DialogContent data-step-up="" onCloseAutoFocus={(event) => focusAfterStepUp(event, opener)}>
        <DialogHeader>
          <DialogTitle>Verify to continue</DialogTitle>
          <DialogDescription>
            {stepUpDescription(
              challenge.purpose,
              hasPasskey ? 'passkey' : method,
              challenge.description,
            )}
          </DialogDescription>
        </DialogHeader>
        {hasPasskey ? (
          <div className="space-y-3">
            <ErrorAlert error={passkeyError} fallback="Verification failed" />
            <Button className="w-full" onClick={() => void verifyWithPasskey()} disabled={touching}>
              Use a passkey
            </Button>
            {typed ? (
              <p className="text-center text-xs text-slate-500 dark:text-slate-400">
                or enter {hasTotp ? 'a code' : 'a recovery code'} below
              </p>
            ) : null}
          </div>
        ) : null}
        {typed ? (
          <form className="space-y-4" onSubmit={onSubmit} key={method} noValidate>
            {fieldError ? null : <ErrorAlert error={verify.error} fallback="Verification failed" />}
            {method === 'password' ? (
              <Field
                label="Password"
                name="proof"
                type="password"
                autoComplete="current-password"
                autoFocus
                error={fieldError}
              />
            ) : method === 'totp' ? (
              <CodeField key={refusals} name="proof" autoFocus error={fieldError} />
            ) : (
              <Field
                label="Recovery code"
                name="proof"
                autoComplete="off"
                autoFocus
                error={fieldError}
              />
            )}
            <div className="flex items-center justify-between gap-2">
              {hasTotp ? (
                <SwitchMethodLink
                  label={useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
                  onClick={switchMethod}
                />
              ) : (
                <span />
              )}
              <Button type="submit" disabled={verify.isPending}>
                Verify
              </Button>
            </div>
          </form>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

/** The org requires MFA for this and the user has none: step-up cannot work, enrolment can. */
function EnrolmentPrompt({ onDone }: { onDone(verified: boolean): void }) {
  const navigate = useNavigate();
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onDone(false))}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Verify to continue</DialogTitle>
          <DialogDescription>
            Your organisation requires two-factor authentication for this, and your account does not
            have it yet.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="secondary" onClick={() => onDone(false)}>
            Not now
          </Button>
          <Button
            onClick={() => {
              onDone(false);
              void navigate(paths.security);
            }}
          >
            Set up two-factor authentication
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Opened by the API client on any 428; on success the client retries the original request. */
export function StepUpModal() {
  const challenge = useStepUp((s) => s.challenge);
  const sequence = useStepUp((s) => s.sequence);
  const finish = useStepUp((s) => s.finish);
  if (!challenge) return null;
  if (challenge.mfaEnrollmentRequired) return <EnrolmentPrompt key={sequence} onDone={finish} />;
  return <VerifyDialog key={sequence} challenge={challenge} onDone={finish} />;
}
