import { FORCE_LOGOUT_REASON_MAX, type TeamMemberDTO } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { allRows } from '../../api/paging';
import { teamQuery, useForceLogout } from '../../api/team';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { TextareaField } from '../../components/ui/textarea-field';
import { When } from '../../components/when';
import { actorOf } from '../../lib/may-act-on';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';
import { AddUserDialog } from './AddUserDialog';
import {
  type Caller,
  canDisable,
  canForceLogout,
  canImpersonate,
  forceLogoutCopy,
  rolesOnOffer,
} from './actions';
import { ImpersonateDialog } from './ImpersonateDialog';
import { ChangeRoleDialog, StatusButton } from './ManageMember';

function ForceLogoutButton({ user, describedBy }: { user: TeamMemberDTO; describedBy: string }) {
  const forceLogout = useForceLogout();
  const copy = forceLogoutCopy(user);
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" aria-describedby={describedBy}>
          Force logout
        </Button>
      }
      title={copy.title}
      description={copy.description}
      confirmLabel="Force logout"
      onConfirm={async () => {
        const { revoked } = await forceLogout.mutateAsync({
          userId: user.id,
          reason: reason.trim(),
        });
        setReason('');
        toast(
          `Signed ${user.name} out of ${revoked === 1 ? '1 session' : `${revoked} sessions`}`,
          'success',
        );
      }}
    >
      <TextareaField
        label="Reason (optional)"
        name="reason"
        maxLength={FORCE_LOGOUT_REASON_MAX}
        className="min-h-16"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        hint={`Up to ${FORCE_LOGOUT_REASON_MAX} characters. Shown to ${user.name} when they next open Gatehouse, and recorded in the audit log.`}
      />
    </ConfirmDialog>
  );
}

function MemberRow({ user, caller }: { user: TeamMemberDTO; caller: Caller }) {
  const isYou = user.id === caller.id;
  const whoId = `member-${user.id}`;
  // The shared policy decides, as on the server: nothing against an owner for an admin, and no
  // team change, force logout or impersonation from a support session.
  const forceLogout = canForceLogout(caller, user);
  const impersonate = canImpersonate(caller, user);
  const roles = rolesOnOffer(caller, user);
  const status = canDisable(caller, user);
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-4">
      <div id={whoId} className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
        <p className="break-words font-medium">
          {user.name} {isYou ? <span className="text-slate-500">(you)</span> : null}
        </p>
        <p className="text-sm break-words text-slate-500 dark:text-slate-400">{user.email}</p>
      </div>
      <Badge>{user.role}</Badge>
      {user.disabled ? (
        <Badge className="bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200">
          Disabled
        </Badge>
      ) : null}
      <Badge
        className={
          user.mfaEnabled
            ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
            : ''
        }
      >
        {user.mfaEnabled ? 'MFA on' : 'No MFA'}
      </Badge>
      <span className="text-sm text-slate-500 sm:ml-auto sm:min-w-56 sm:whitespace-nowrap sm:text-right dark:text-slate-400">
        {user.liveSessions} live {user.liveSessions === 1 ? 'session' : 'sessions'}
        {' · '}
        {user.lastSeenAt ? (
          <>
            seen <When iso={user.lastSeenAt} />
          </>
        ) : (
          'never seen'
        )}
      </span>
      {forceLogout || impersonate || roles.length > 0 || status ? (
        <div className="flex basis-full flex-wrap justify-end gap-2 sm:basis-auto">
          {roles.length > 0 ? (
            <ChangeRoleDialog user={user} roles={roles} describedBy={whoId} />
          ) : null}
          {status ? <StatusButton user={user} describedBy={whoId} /> : null}
          {impersonate ? <ImpersonateDialog user={user} describedBy={whoId} /> : null}
          {forceLogout ? <ForceLogoutButton user={user} describedBy={whoId} /> : null}
        </div>
      ) : null}
    </li>
  );
}

export function TeamPage() {
  const me = useAuth((s) => s.me);
  const team = useInfiniteQuery(teamQuery);
  if (!me) return null;
  const caller: Caller = actorOf(me);
  const canEdit = me.user.permissions.includes('SETTINGS_TEAM_EDIT');
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
        {canEdit ? <AddUserDialog callerRole={me.user.role} orgName={me.org.name} /> : null}
      </div>
      <Card className="p-0 sm:p-0">
        <QueryState query={team} what="the team">
          {(data) => (
            <>
              <ul
                aria-label="Team members"
                className="divide-y divide-slate-200 dark:divide-slate-800"
              >
                {allRows(data, (page) => page.users).map((user) => (
                  <MemberRow key={user.id} user={user} caller={caller} />
                ))}
              </ul>
              <LoadMore query={team} label="Load more team members" />
            </>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
