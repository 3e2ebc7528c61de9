import type { IpRuleDTO } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ipRulesQuery, useDeleteIpRule } from '../../api/ip-rules';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { toast } from '../../stores/toast';
import { AddRuleForm } from './AddRuleForm';
import { lockoutIp } from './copy';

function RuleRow({ rule }: { rule: IpRuleDTO }) {
  const remove = useDeleteIpRule();
  // After a 409 self-lockout the same dialog offers to delete anyway (force).
  const [lockedOut, setLockedOut] = useState(false);
  const whoId = `rule-${rule.id}`;
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-5 py-4">
      <Badge
        className={
          rule.action === 'deny'
            ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200'
            : 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
        }
      >
        {rule.action === 'deny' ? 'Deny' : 'Allow'}
      </Badge>
      <div id={whoId} className="min-w-0 flex-1">
        <p className="font-mono text-sm">{rule.cidr}</p>
        {rule.note ? <p className="text-sm text-slate-500">{rule.note}</p> : null}
      </div>
      <span className="text-sm text-slate-500 dark:text-slate-400">
        {rule.createdBy ? `${rule.createdBy.name} · ` : ''}
        <When iso={rule.createdAt} />
      </span>
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm" aria-describedby={whoId}>
            Delete
          </Button>
        }
        title={`Delete the ${rule.action} rule for ${rule.cidr}?`}
        description="Addresses it matched follow the remaining rules from their next request."
        confirmLabel={lockedOut ? 'Delete anyway' : 'Delete rule'}
        onConfirm={async () => {
          try {
            await remove.mutateAsync({ id: rule.id, force: lockedOut });
          } catch (err: unknown) {
            if (lockoutIp(err) !== undefined) setLockedOut(true);
            throw err;
          }
          toast('IP rule deleted', 'success');
        }}
      />
    </li>
  );
}

/** `/admin/ip-rules`: the org's allow/deny rules (SETTINGS_SECURITY_EDIT). */
export function IpRulesPage() {
  const rules = useQuery(ipRulesQuery);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">IP rules</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Deny rules always block. Once any allow rule exists, only matching addresses can sign in
          or use a session.
        </p>
      </div>
      <QueryState query={rules} what="the IP rules">
        {(data) => (
          <>
            <Card>
              <p className="mb-4 text-sm">
                Your address: <span className="font-mono">{data.yourIp ?? 'unknown'}</span>
              </p>
              <AddRuleForm rules={data.rules} />
            </Card>
            <Card className="p-0 sm:p-0">
              {data.rules.length === 0 ? (
                <p className="px-5 py-4 text-sm text-slate-500">
                  No rules: every address may sign in.
                </p>
              ) : (
                <ul
                  aria-label="IP rules"
                  className="divide-y divide-slate-200 dark:divide-slate-800"
                >
                  {data.rules.map((rule) => (
                    <RuleRow key={rule.id} rule={rule} />
                  ))}
                </ul>
              )}
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}
