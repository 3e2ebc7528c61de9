import { useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';

export function LogOutOthersDialog({
  count,
  onDone,
}: {
  count: number;
  onDone(revoked: number): Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const { revoked } = await calls.revokeOtherSessions();
      setOpen(false);
      await onDone(revoked);
    } catch (err: unknown) {
      if (!(err instanceof ApiError && err.code === 'STEP_UP_REQUIRED')) {
        setError(err instanceof ApiError ? err.message : 'Could not sign out the other devices');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title="Log out other devices?"
      description={`${count} other ${count === 1 ? 'device' : 'devices'} will be signed out at once. This device stays signed in.`}
      trigger={<Button variant="danger">Log out other devices</Button>}
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
          Log out {count === 1 ? '1 device' : `${count} devices`}
        </Button>
      </div>
    </Dialog>
  );
}
