import type { ShareDTO } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { sharesQuery, useRevokeShare } from '../../api/documents';
import { allRows } from '../../api/paging';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { LoadMore } from '../../components/load-more';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { toast } from '../../stores/toast';

function ShareRow({ share }: { share: ShareDTO }) {
  const revoke = useRevokeShare();
  return (
    <li className="flex items-center justify-between gap-3 py-3 text-sm">
      <span className="min-w-0 break-words">
        {share.documentName}
        <span className="text-slate-500">
          {' · expires '}
          <When iso={share.expiresAt} />
        </span>
      </span>
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm" aria-label={`Revoke link to ${share.documentName}`}>
            Revoke
          </Button>
        }
        title="Revoke this link?"
        description={`The link to “${share.documentName}” stops working at once for everyone who has it.`}
        confirmLabel="Revoke link"
        onConfirm={async () => {
          await revoke.mutateAsync(share.id);
          toast('Link revoked', 'success');
        }}
      />
    </li>
  );
}

/** The public links still alive; nothing at all while there are none. */
export function SharedLinks() {
  const shares = useInfiniteQuery(sharesQuery);
  const rows = allRows(shares.data, (page) => page.shares);
  if (shares.isError && rows.length === 0)
    return <ErrorAlert error={shares.error} fallback="Could not load your shared links" />;
  if (rows.length === 0) return null;
  return (
    <Card>
      <h2 className="text-lg font-semibold">Shared links</h2>
      <ul
        aria-label="Shared links"
        className="mt-3 divide-y divide-slate-200 dark:divide-slate-800"
      >
        {rows.map((share) => (
          <ShareRow key={share.id} share={share} />
        ))}
      </ul>
      <LoadMore query={shares} label="Load more shared links" />
    </Card>
  );
}
