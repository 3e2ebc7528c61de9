import type { CreateShareResponse, DocumentDTO } from '@gatehouse/shared';
import { useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { toast } from '../../stores/toast';

const EXPIRY_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

/** "Share": makes a public link with an expiry, to copy, or to revoke at once. */
export function ShareDialog({ doc, onChanged }: { doc: DocumentDTO; onChanged(): void }) {
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState(72);
  const [share, setShare] = useState<CreateShareResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function attempt(action: () => Promise<void>, fallback: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err: unknown) {
      if (!(err instanceof ApiError && err.code === 'STEP_UP_REQUIRED'))
        setError(err instanceof ApiError ? err.message : fallback);
    } finally {
      setBusy(false);
    }
  }

  const create = () =>
    attempt(async () => {
      setShare(await calls.createShare(doc.id, hours));
      onChanged();
    }, 'Could not create the link');

  const revoke = (shareId: string) =>
    attempt(async () => {
      await calls.revokeShare(shareId);
      setShare(null);
      toast('Link revoked', 'success');
      onChanged();
    }, 'Could not revoke the link');

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      toast('Link copied', 'success');
    } catch {
      toast('Could not copy; select the link and copy it instead', 'error');
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setShare(null);
          setError(null);
        }
      }}
      title="Share document"
      description={`Anyone with the link can download “${doc.name}” until it expires.`}
      trigger={
        <Button variant="secondary" size="sm" aria-describedby={`doc-${doc.id}`}>
          Share
        </Button>
      }
    >
      <div className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {share ? (
          <>
            <Field
              label="Share link"
              readOnly
              value={share.url}
              onFocus={(e) => e.target.select()}
            />
            <p className="text-xs text-slate-500 dark:text-slate-400">
              Expires {new Date(share.expiresAt).toLocaleString()}.
            </p>
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="danger" onClick={() => void revoke(share.shareId)} disabled={busy}>
                Revoke link
              </Button>
              <Button onClick={() => void copy(share.url)}>Copy link</Button>
            </div>
          </>
        ) : (
          <>
            <label className="block space-y-1.5 text-sm font-medium">
              <span>Link expires in</span>
              <select
                className="block h-10 w-full rounded-md border border-slate-300 bg-white px-3 dark:border-slate-700 dark:bg-slate-900"
                value={hours}
                onChange={(e) => setHours(Number(e.target.value))}
              >
                {EXPIRY_CHOICES.map((choice) => (
                  <option key={choice.hours} value={choice.hours}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="flex justify-end">
              <Button onClick={() => void create()} disabled={busy}>
                Create link
              </Button>
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}
