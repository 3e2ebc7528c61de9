import type { PasskeyDTO } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import {
  passkeysQuery,
  useAddPasskey,
  useRemovePasskey,
  useRenamePasskey,
} from '../../api/passkeys';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { When } from '../../components/when';
import { WriteControl } from '../../components/write-control';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';
import { RecoveryCodes } from './RecoveryCodes';

/** The browser said no (closed the prompt, no authenticator): not worth an alarming message. */
function addMessage(error: unknown): unknown {
  if (error instanceof ApiError || !(error instanceof Error)) return error;
  return new Error(
    error.name === 'NotAllowedError' ? 'The passkey prompt was closed or timed out' : error.message,
  );
}

function RenameDialog({ passkey, onClose }: { passkey: PasskeyDTO; onClose(): void }) {
  const rename = useRenamePasskey();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    rename.mutate(
      { id: passkey.id, name },
      {
        onSuccess: () => {
          toast('Passkey renamed', 'success');
          onClose();
        },
      },
    );
  }
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename passkey</DialogTitle>
          <DialogDescription>
            A name that tells you which device or manager holds it.
          </DialogDescription>
        </DialogHeader>
        <form className="space-y-4" onSubmit={onSubmit}>
          <Field
            label="Name"
            name="name"
            defaultValue={passkey.name}
            maxLength={64}
            required
            autoFocus
            error={rename.error instanceof ApiError ? rename.error.fieldError('name') : undefined}
          />
          <ErrorAlert error={rename.error} fallback="Could not rename the passkey" />
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={rename.isPending}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function PasskeyItem({ passkey }: { passkey: PasskeyDTO }) {
  const remove = useRemovePasskey();
  const [renaming, setRenaming] = useState(false);
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <KeyRound className="h-4 w-4 text-slate-500" aria-hidden />
          {passkey.name}
          <Badge>{passkey.backedUp ? 'Synced' : 'This device only'}</Badge>
        </p>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {passkey.provider ?? 'Passkey'} · added <When iso={passkey.createdAt} /> ·{' '}
          {passkey.lastUsedAt ? (
            <>
              last used <When iso={passkey.lastUsedAt} />
            </>
          ) : (
            'never used'
          )}
        </p>
      </div>
      <div className="flex gap-2">
        <WriteControl>
          <Button variant="secondary" onClick={() => setRenaming(true)}>
            Rename
          </Button>
        </WriteControl>
        <ConfirmDialog
          trigger={<Button variant="danger">Remove</Button>}
          title={`Remove “${passkey.name}”?`}
          description="It will no longer sign you in or confirm actions. The passkey stays in its manager until you delete it there."
          confirmLabel="Remove passkey"
          onConfirm={async () => {
            await remove.mutateAsync(passkey.id);
            toast('Passkey removed', 'success');
          }}
        />
      </div>
      {renaming ? <RenameDialog passkey={passkey} onClose={() => setRenaming(false)} /> : null}
    </li>
  );
}

/** Settings → Security → "Passkeys": add (behind step-up), rename, remove. */
export function Passkeys() {
  const list = useQuery(passkeysQuery);
  const add = useAddPasskey();
  const email = useAuth((s) => s.me?.user.email ?? '');
  const required = useAuth((s) => s.me?.passkeyEnrollmentRequired === true);
  const [codes, setCodes] = useState<string[] | null>(null);

  function onAdd() {
    add.mutate(undefined, {
      onSuccess: (answer) => {
        toast('Passkey added', 'success');
        if (answer.recoveryCodes) setCodes(answer.recoveryCodes);
      },
    });
  }

  return (
    <Card aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Sign in with your fingerprint, face or device PIN instead of a password and code. A passkey
        counts as two factors.
      </p>
      {required ? (
        <Alert className="mt-3">
          Your organisation requires a passkey for owners and admins. Add one before anything else.
        </Alert>
      ) : null}
      <ErrorAlert
        error={addMessage(add.error)}
        fallback="Could not add the passkey"
        className="mt-3"
      />
      {codes ? (
        <div className="mt-4">
          <RecoveryCodes codes={codes} email={email} onDone={() => setCodes(null)} />
        </div>
      ) : null}
      <div className="mt-4">
        <QueryState query={list} what="passkeys">
          {(data) =>
            data.passkeys.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No passkeys yet.</p>
            ) : (
              <ul
                aria-label="Your passkeys"
                className="divide-y divide-slate-200 dark:divide-slate-800"
              >
                {data.passkeys.map((passkey) => (
                  <PasskeyItem key={passkey.id} passkey={passkey} />
                ))}
              </ul>
            )
          }
        </QueryState>
      </div>
      <div className="mt-4">
        <WriteControl>
          <Button onClick={onAdd} disabled={add.isPending}>
            {add.isPending ? 'Waiting for your passkey…' : 'Add a passkey'}
          </Button>
        </WriteControl>
      </div>
    </Card>
  );
}
