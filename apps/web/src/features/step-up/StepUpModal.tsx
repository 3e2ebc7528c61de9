import { type FormEvent, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { SwitchMethodLink } from '../../components/ui/switch-method-link';
import { paths } from '../../paths';
import { router } from '../../router';
import { useStepUp } from '../../stores/step-up';

type Method = 'password' | 'totp' | 'recovery';

function messageFor(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Verification failed';
  if (err.code === 'INVALID_CREDENTIALS') return 'Wrong password';
  if (err.code === 'INVALID_OTP') return err.message;
  if (err.code === 'RATE_LIMITED')
    return `Too many attempts. Try again in ${Math.ceil((err.retryAfterSeconds ?? 60) / 60)} minute(s).`;
  return err.fieldError('code') ?? err.fieldError('recoveryCode') ?? err.message;
}

/** Opened by the API client on any 428; on success the original request is retried by the client. */
export function StepUpModal() {
  const challenge = useStepUp((s) => s.challenge);
  const finish = useStepUp((s) => s.finish);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const hasTotp = challenge?.methods.includes('totp') ?? false;
  const method: Method = hasTotp ? (useRecovery ? 'recovery' : 'totp') : 'password';

  function close(verified: boolean) {
    setError(null);
    setUseRecovery(false);
    finish(verified);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!challenge) return;
    const value = String(new FormData(event.currentTarget).get('proof') ?? '');
    setBusy(true);
    setError(null);
    try {
      await calls.verifyStepUp(
        challenge.purpose,
        method === 'password'
          ? { password: value }
          : method === 'totp'
            ? { code: value }
            : { recoveryCode: value },
      );
      close(true);
    } catch (err: unknown) {
      setError(messageFor(err));
    } finally {
      setBusy(false);
    }
  }

  if (challenge?.mfaEnrollmentRequired) {
    return (
      <Dialog
        open
        onOpenChange={(open) => (open ? undefined : close(false))}
        title="Verify to continue"
        description="Your organisation requires two-factor authentication for this, and your account does not have it yet."
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => close(false)}>
            Not now
          </Button>
          <Button
            onClick={() => {
              close(false);
              void router.navigate(paths.security);
            }}
          >
            Set up two-factor authentication
          </Button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={challenge !== null}
      onOpenChange={(open) => (open ? undefined : close(false))}
      title="Verify to continue"
      description={
        method === 'password'
          ? "This action needs you to confirm it's you."
          : method === 'totp'
            ? 'Enter the 6-digit code from your authenticator app.'
            : 'Enter one of your recovery codes. Each works once.'
      }
    >
      <form className="space-y-4" onSubmit={onSubmit} key={method}>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {method === 'password' ? (
          <Field
            label="Password"
            name="proof"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
          />
        ) : method === 'totp' ? (
          <Field
            label="Authentication code"
            name="proof"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            autoFocus
          />
        ) : (
          <Field label="Recovery code" name="proof" autoComplete="off" required autoFocus />
        )}
        <div className="flex items-center justify-between gap-2">
          {hasTotp ? (
            <SwitchMethodLink
              label={useRecovery ? 'Use your authenticator app' : 'Use a recovery code'}
              onClick={() => {
                setError(null);
                setUseRecovery(!useRecovery);
              }}
            />
          ) : (
            <span />
          )}
          <Button type="submit" disabled={busy}>
            Verify
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
