import type { DocumentDTO } from '@gatehouse/shared';
import { useState } from 'react';
import { useCreateShare, useRevokeShare } from '../../api/documents';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Button } from '../../components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { When } from '../../components/when';
import { WriteControl } from '../../components/write-control';
import { toast } from '../../stores/toast';

const EXPIRY_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

async function copy(url: string) {
  try {
    await navigator.clipboard.writeText(url);
    toast('Link copied', 'success');
  } catch {
    toast('Could not copy; select the link and copy it instead', 'error');
  }
}

/** "Share": makes a public link with an expiry, to copy, or to revoke at once. */
export function ShareDialog({ doc }: { doc: DocumentDTO }) {
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState(72);
  const create = useCreateShare();
  const revoke = useRevokeShare();
  const share = create.data;

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) create.reset();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <WriteControl>
        <DialogTrigger asChild>
          <Button variant="secondary" size="sm" aria-describedby={`doc-${doc.id}`}>
            Share
          </Button>
        </DialogTrigger>
      </WriteControl>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Share document</DialogTitle>
          <DialogDescription>
            Anyone with the link can download “{doc.name}” until it expires.
          </DialogDescription>
        </DialogHeader>
        <div className="space-y-4">
          <ErrorAlert error={create.error} fallback="Could not create the link" />
          {share ? (
            <>
              <Field
                label="Share link"
                readOnly
                value={share.url}
                onFocus={(e) => e.target.select()}
              />
              <p className="text-xs text-slate-500 dark:text-slate-400">
                Expires <When iso={share.expiresAt} exact /> (<When iso={share.expiresAt} />
                ).
              </p>
              <DialogFooter>
                <ConfirmDialog
                  trigger={<Button variant="danger">Revoke link</Button>}
                  title="Revoke this link?"
                  description={`The link to “${doc.name}” stops working at once for everyone who has it.`}
                  confirmLabel="Revoke link"
                  onConfirm={async () => {
                    await revoke.mutateAsync(share.shareId);
                    create.reset();
                    toast('Link revoked', 'success');
                  }}
                />
                <Button onClick={() => void copy(share.url)}>Copy link</Button>
              </DialogFooter>
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
              <DialogFooter>
                <Button
                  onClick={() => create.mutate({ docId: doc.id, expiresInHours: hours })}
                  disabled={create.isPending}
                >
                  Create link
                </Button>
              </DialogFooter>
            </>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
