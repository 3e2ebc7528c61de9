import { ROLES, type Role, type TeamMemberDTO } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { useUpdateUser } from '../../api/team';
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
import { SelectField } from '../../components/ui/select-field';
import { WriteControl } from '../../components/write-control';
import { toast } from '../../stores/toast';
import { roleChangeCopy, statusChangeCopy } from './actions';

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * "Change role": the roles the caller may give, what the change will do (a demotion signs the
 * person out everywhere), then step-up ROLE_CHANGE if the client is asked for it.
 */
export function ChangeRoleDialog({
  user,
  roles,
  describedBy,
}: {
  user: TeamMemberDTO;
  roles: readonly Role[];
  describedBy: string;
}) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const update = useUpdateUser();

  function onOpenChange(next: boolean) {
    if (update.isPending) return;
    setOpen(next);
    update.reset();
    setRole(user.role);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { userId: user.id, change: { role } },
      {
        onSuccess: () => {
          setOpen(false);
          toast(`${user.name} is now ${role === 'member' ? 'a' : 'an'} ${role}`, 'success');
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <WriteControl>
        <DialogTrigger asChild>
          <Button variant="secondary" size="sm" aria-describedby={describedBy}>
            Change role
          </Button>
        </DialogTrigger>
      </WriteControl>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change the role of {user.name}</DialogTitle>
          <DialogDescription>{roleChangeCopy(user, role)}</DialogDescription>
        </DialogHeader>
        <form className="space-y-4" onSubmit={onSubmit}>
          <ErrorAlert error={update.error} fallback="Could not change the role" />
          <SelectField
            label="Role"
            name="role"
            value={role}
            onChange={(e) => {
              if (isRole(e.target.value)) setRole(e.target.value);
            }}
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </SelectField>
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending || role === user.role}>
              {update.isPending ? 'Saving…' : 'Save role'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** "Disable" or "Enable", after a confirmation that says what it ends. */
export function StatusButton({ user, describedBy }: { user: TeamMemberDTO; describedBy: string }) {
  const update = useUpdateUser();
  const copy = statusChangeCopy(user);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-describedby={describedBy}>
          {copy.confirmLabel}
        </Button>
      }
      title={copy.title}
      description={copy.description}
      confirmLabel={copy.confirmLabel}
      onConfirm={async () => {
        await update.mutateAsync({ userId: user.id, change: { disabled: !user.disabled } });
        toast(`${user.name} was ${user.disabled ? 'enabled' : 'disabled'}`, 'success');
      }}
    />
  );
}
