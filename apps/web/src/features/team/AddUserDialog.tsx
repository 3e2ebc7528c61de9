import { assignableRoles, ROLES, type Role } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useCreateUser } from '../../api/team';
import { ErrorAlert } from '../../components/error-alert';
import { NewPasswordField } from '../../components/new-password-field';
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
import { SelectField } from '../../components/ui/select-field';
import { WriteControl } from '../../components/write-control';
import { toast } from '../../stores/toast';

const FIELDS = ['name', 'email', 'role', 'password'];

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export function AddUserDialog({ callerRole, orgName }: { callerRole: Role; orgName: string }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [person, setPerson] = useState({ name: '', email: '' });
  const create = useCreateUser();

  function onOpenChange(next: boolean) {
    setOpen(next);
    create.reset();
    if (!next) {
      setPassword('');
      setPerson({ name: '', email: '' });
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const role = String(new FormData(event.currentTarget).get('role'));
    if (!isRole(role)) return;
    create.mutate(
      { ...person, role, password },
      {
        onSuccess: () => {
          onOpenChange(false);
          toast('User created. They can sign in with the initial password.', 'success');
        },
      },
    );
  }

  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <WriteControl>
        <DialogTrigger asChild>
          <Button>Add user</Button>
        </DialogTrigger>
      </WriteControl>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add user</DialogTitle>
          <DialogDescription>
            They can sign in straight away with the initial password you set.
          </DialogDescription>
        </DialogHeader>
        <form className="space-y-4" onSubmit={onSubmit}>
          <ErrorAlert error={create.error} fallback="Could not create the user" fields={FIELDS} />
          <Field
            label="Name"
            name="name"
            required
            value={person.name}
            onChange={(e) => setPerson({ ...person, name: e.target.value })}
            error={error?.fieldError('name')}
          />
          <Field
            label="Email"
            name="email"
            type="email"
            required
            value={person.email}
            onChange={(e) => setPerson({ ...person, email: e.target.value })}
            error={error?.fieldError('email')}
          />
          <SelectField label="Role" name="role" defaultValue="member">
            {assignableRoles(callerRole).map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </SelectField>
          <NewPasswordField
            label="Initial password"
            name="password"
            value={password}
            onChange={setPassword}
            userInputs={[person.name, person.email, orgName]}
            error={error?.fieldError('password')}
          />
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create user'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
