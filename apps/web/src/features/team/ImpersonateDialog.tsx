import { IMPERSONATION_MAX_MINUTES, type TeamMemberDTO } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { useStartImpersonation } from '../../api/impersonation';
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
import { TextareaField } from '../../components/ui/textarea-field';
import { rememberReturnPath } from '../../lib/return-path';
import { paths } from '../../paths';
import { reasonIssue } from './actions';

/**
 * "Impersonate": a reason first (the person sees it in their security activity), then step-up
 * IMPERSONATION if the client is asked for it, then the app as that person, from Documents.
 */
export function ImpersonateDialog({
  user,
  describedBy,
}: {
  user: TeamMemberDTO;
  describedBy: string;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const start = useStartImpersonation();
  const navigate = useNavigate();
  const location = useLocation();
  const issue = reasonIssue(reason);

  function onOpenChange(next: boolean) {
    if (start.isPending) return;
    setOpen(next);
    start.reset();
    if (!next) {
      setReason('');
      setChecked(false);
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (issue) return;
    const from = `${location.pathname}${location.search}`;
    try {
      // Resolves once `me` is the other person: this page is theirs now (and may unmount).
      await start.mutateAsync({ userId: user.id, reason: reason.trim() });
    } catch {
      return; // Shown in the dialog (nothing for a step-up the admin closed).
    }
    rememberReturnPath(from);
    void navigate(paths.documents);
  }

  const serverIssue =
    start.error instanceof ApiError ? start.error.fieldError('reason') : undefined;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" aria-describedby={describedBy}>
          Impersonate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Impersonate {user.name}</DialogTitle>
          <DialogDescription>
            You will see Gatehouse as {user.name} does, for {IMPERSONATION_MAX_MINUTES} minutes at
            most. They will see this support session, and your reason, in their account.
          </DialogDescription>
        </DialogHeader>
        <form className="space-y-4" onSubmit={(event) => void onSubmit(event)} noValidate>
          <ErrorAlert
            error={start.error}
            fallback="Could not start impersonating"
            fields={['reason']}
          />
          <TextareaField
            label="Reason"
            name="reason"
            required
            maxLength={500}
            placeholder="Ticket #4821: they cannot see the Q3 report"
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              start.reset();
            }}
            onBlur={() => setChecked((was) => was || reason.trim() !== '')}
            error={(checked ? issue : null) ?? serverIssue}
            hint="10 to 500 characters. Recorded in the audit log and shown to them."
          />
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={start.isPending}>
              {start.isPending ? 'Starting…' : `Impersonate ${user.name}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
