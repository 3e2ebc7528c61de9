import { useState } from 'react';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { orgSecurityCalls } from './api';

export type RevokeScope = 'others' | 'all';

const COPY: Record<RevokeScope, { button: string; title: string; describe(n: number): string }> = {
  others: {
    button: 'Sign out everyone except me',
    title: 'Sign out everyone except you?',
    describe: (n) =>
      `${n === 1 ? 'The 1 other person' : `All ${n} other people`} signed in to your organisation will be signed out on every device. You stay signed in here.`,
  },
  all: {
    button: 'Sign out everyone including me',
    title: 'Sign out everyone, including you?',
    describe: () =>
      'Every session in your organisation ends at once, this one too. You will need to sign in again.',
  },
};

/** A bulk sign-out behind a confirmation whose wording fits its scope. */
export function SignOutEveryoneDialog({
  scope,
  others,
  onDone,
}: {
  scope: RevokeScope;
  others: number;
  onDone(revoked: number): void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const copy = COPY[scope];

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const { revoked } = await orgSecurityCalls.revokeSessions(scope);
      setOpen(false);
      onDone(revoked);
    } catch (err: unknown) {
      if (!(err instanceof ApiError && err.code === 'STEP_UP_REQUIRED'))
        setError(err instanceof ApiError ? err.message : 'Could not sign everyone out');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={copy.title}
      description={copy.describe(others)}
      trigger={<Button variant={scope === 'all' ? 'danger' : 'secondary'}>{copy.button}</Button>}
    >
      {error ? (
        <Alert tone="error" className="mb-3">
          {error}
        </Alert>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm} disabled={busy}>
          {scope === 'all' ? 'Sign everyone out' : 'Sign the others out'}
        </Button>
      </div>
    </Dialog>
  );
}
