import { type OrgSessionDTO, type OrgSessionsFilter, reachesOwners } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { orgSessionsQuery, useSignOutMatching } from '../../api/org-sessions';
import { allRows } from '../../api/paging';
import { useRevokeSession } from '../../api/sessions';
import { teamQuery } from '../../api/team';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { SessionSummary } from '../../components/session-summary';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { actorOf, offers } from '../../lib/may-act-on';
import { sessionPlace } from '../../lib/sessions';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';
import {
  countChangedMessage,
  filterFromSearch,
  filterInWords,
  isFiltered,
  searchFromFilter,
  sessionCount,
  signOutScopeInWords,
  signOutTitle,
} from './filter';
import { SessionFilters } from './SessionFilters';

function OrgSessionRow({ session, canRevoke }: { session: OrgSessionDTO; canRevoke: boolean }) {
  const revoke = useRevokeSession();
  const { user, device } = session;
  return (
    <li className="flex flex-wrap items-center gap-3 px-5 py-4">
      <SessionSummary session={session}>
        <p className="text-sm break-words">
          <span className="font-medium">{user.name}</span>{' '}
          <span className="text-slate-500 dark:text-slate-400">{user.email}</span>
        </p>
      </SessionSummary>
      {canRevoke && !session.current ? (
        <ConfirmDialog
          trigger={
            <Button
              variant="secondary"
              size="sm"
              aria-label={`Revoke ${user.name} on ${device.label}`}
            >
              Revoke
            </Button>
          }
          title={`Sign out ${user.name} on ${device.label}?`}
          description={`Their ${device.label} session in ${sessionPlace(session)} ends at once; their other devices stay signed in.`}
          confirmLabel="Revoke session"
          onConfirm={async () => {
            await revoke.mutateAsync(session.id);
            toast(`Signed out ${user.name} on ${device.label}`, 'success');
          }}
        />
      ) : null}
    </li>
  );
}

/** How many sessions "Sign out all matching" would end, and the button itself for editors. */
function MatchingBar({
  filter,
  matching,
  userName,
  canRevoke,
  isOwner,
  refetchCount,
}: {
  filter: OrgSessionsFilter;
  matching: number;
  userName: string | undefined;
  canRevoke: boolean;
  isOwner: boolean;
  refetchCount(): Promise<number | undefined>;
}) {
  const signOut = useSignOutMatching();

  async function signOutMatching() {
    try {
      const { revoked } = await signOut.mutateAsync({ ...filter, expectedCount: matching });
      toast(`Signed out ${sessionCount(revoked)}`, 'success');
    } catch (error: unknown) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
      // The count shown is no longer true: show the new one, and let the admin confirm again.
      throw new ApiError(409, 'CONFLICT', countChangedMessage(await refetchCount()));
    }
  }

  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3 dark:border-slate-800">
      <div className="text-sm">
        <p className="text-slate-700 dark:text-slate-300">
          {signOutScopeInWords(matching, isFiltered(filter))}
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {isOwner
            ? 'Your own session on this device is never signed out from here.'
            : 'Never your own session on this device, nor an owner’s.'}
        </p>
      </div>
      {canRevoke && matching > 0 ? (
        <ConfirmDialog
          trigger={
            <Button variant="danger" size="sm">
              Sign out all matching
            </Button>
          }
          title={signOutTitle(matching)}
          description={`Every session ${filterInWords(filter, userName)} ends at once (${sessionCount(matching)}); signing in again needs the password. Your own session on this device stays signed in.`}
          confirmLabel={`Sign out ${sessionCount(matching)}`}
          onConfirm={signOutMatching}
        />
      ) : null}
    </div>
  );
}

/** Admins: every live session of the org, filtered, last seen first, with sign-outs. */
export function OrgSessionsPage() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const me = useAuth((s) => s.me);
  const canRevoke = me?.user.permissions.includes('SETTINGS_SECURITY_EDIT') ?? false;
  const actor = me ? actorOf(me) : null;
  // An admin cannot sign an owner out (DESIGN §6): the shared policy, as the server applies it.
  const isOwner = actor ? reachesOwners(actor, 'REVOKE_SESSION') : false;
  const sessions = useInfiniteQuery(orgSessionsQuery(filter));
  const team = useInfiniteQuery(teamQuery);
  const people = allRows(team.data, (page) => page.users);

  async function refetchCount() {
    const fresh = await sessions.refetch();
    return fresh.data?.pages[0]?.matching;
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Organisation sessions</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every device signed in to your organisation, last seen first.
        </p>
      </div>
      <SessionFilters
        key={params.toString()}
        filter={filter}
        people={people}
        onApply={(next) => setParams(searchFromFilter(next))}
      />
      <Card className="p-0 sm:p-0">
        <QueryState query={sessions} what="the sessions">
          {(data) => {
            const rows = allRows(data, (page) => page.sessions);
            return (
              <>
                {rows.length === 0 ? (
                  <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                    {isFiltered(filter) ? 'No session matches the filter.' : 'Nobody is signed in.'}
                  </p>
                ) : (
                  <>
                    <MatchingBar
                      filter={filter}
                      matching={data.pages[0]?.matching ?? 0}
                      userName={people.find((p) => p.id === filter.userId)?.name}
                      canRevoke={canRevoke}
                      isOwner={isOwner}
                      refetchCount={refetchCount}
                    />
                    <ul
                      aria-label="Sessions"
                      className="divide-y divide-slate-200 dark:divide-slate-800"
                    >
                      {rows.map((session) => (
                        <OrgSessionRow
                          key={session.id}
                          session={session}
                          canRevoke={
                            actor !== null && offers(actor, 'REVOKE_SESSION', session.user)
                          }
                        />
                      ))}
                    </ul>
                  </>
                )}
                <LoadMore query={sessions} label="Load more sessions" />
              </>
            );
          }}
        </QueryState>
      </Card>
    </div>
  );
}
