import { type FormEvent, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { useStepUp } from '../../stores/step-up';

/** Opened by the API client on any 428; on success the original request is retried by the client. */
export function StepUpModal() {
  const challenge = useStepUp((s) => s.challenge);
  const finish = useStepUp((s) => s.finish);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!challenge) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await calls.verifyStepUp(challenge.purpose, String(form.get('password')));
      finish(true);
    } catch (err: unknown) {
      setError(
        err instanceof ApiError && err.code === 'INVALID_CREDENTIALS'
          ? 'Wrong password'
          : err instanceof ApiError
            ? err.message
            : 'Verification failed',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={challenge !== null}
      onOpenChange={(open) => {
        if (!open) {
          setError(null);
          finish(false);
        }
      }}
      title="Verify to continue"
      description="This action needs you to confirm it's you."
    >
      <form className="space-y-4" onSubmit={onSubmit}>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
        />
        <div className="flex justify-end">
          <Button type="submit" disabled={busy}>
            Verify
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
