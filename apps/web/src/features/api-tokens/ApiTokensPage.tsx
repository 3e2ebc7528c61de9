import type { ApiTokenDTO } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiTokensQuery, useRevokeApiToken } from '../../api/api-tokens';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { toast } from '../../stores/toast';
import { CreateTokenDialog } from './CreateTokenDialog';
import { RevealTokenDialog } from './RevealTokenDialog';
import { UsingTokens } from './UsingTokens';

function TokenRow({ token }: { token: ApiTokenDTO }) {
  const revoke = useRevokeApiToken();
  const whoId = `token-${token.id}`;
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-4">
      <div id={whoId} className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
        <p className="truncate font-medium">
          {token.name}{' '}
          <span className="font-mono text-sm text-slate-500">gh_pat_…{token.lastFour}</span>
        </p>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Created <When iso={token.createdAt} />
          {token.createdBy ? ` by ${token.createdBy.name}` : ''} ·{' '}
          {token.expiresAt === null ? (
            'never expires'
          ) : (
            <>
              {expired ? 'expired ' : 'expires '}
              <When iso={token.expiresAt} />
            </>
          )}{' '}
          ·{' '}
          {token.lastUsedAt ? (
            <>
              last used <When iso={token.lastUsedAt} />
              {token.lastUsedIp ? ` from ${token.lastUsedIp}` : ''}
            </>
          ) : (
            'never used'
          )}
        </p>
      </div>
      <div className="flex flex-wrap gap-1">
        {token.scopes.map((scope) => (
          <Badge key={scope}>{scope}</Badge>
        ))}
      </div>
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm" aria-describedby={whoId}>
            Revoke
          </Button>
        }
        title={`Revoke “${token.name}”?`}
        description="Scripts using it are refused from their next request, on every server."
        confirmLabel="Revoke token"
        onConfirm={async () => {
          await revoke.mutateAsync(token.id);
          toast(`Revoked ${token.name}`, 'success');
        }}
      />
    </li>
  );
}

/** `/admin/api-tokens` (owners): the org's tokens, create one (shown once), revoke. */
export function ApiTokensPage() {
  const tokens = useQuery(apiTokensQuery);
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <CreateTokenDialog onCreated={(secret, name) => setCreated({ secret, name })} />
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Tokens let scripts call the admin API as the organisation, within their scopes.
      </p>
      <Card className="p-0 sm:p-0">
        <QueryState query={tokens} what="the API tokens">
          {(data) =>
            data.tokens.length === 0 ? (
              <p className="p-5 text-sm text-slate-500 dark:text-slate-400">No API tokens yet.</p>
            ) : (
              <ul
                aria-label="API tokens"
                className="divide-y divide-slate-200 dark:divide-slate-800"
              >
                {data.tokens.map((token) => (
                  <TokenRow key={token.id} token={token} />
                ))}
              </ul>
            )
          }
        </QueryState>
      </Card>
      <UsingTokens />
      <RevealTokenDialog created={created} onClose={() => setCreated(null)} />
    </div>
  );
}
