import { Card } from '../../components/ui/card';

const codeClass =
  'mt-2 overflow-x-auto rounded-lg bg-slate-100 p-3 font-mono text-xs leading-relaxed dark:bg-slate-800';

/** How a script uses a token: the header, and the typed client (`@gatehouse/client`). */
export function UsingTokens() {
  const origin = window.location.origin;
  return (
    <Card aria-labelledby="using-tokens-heading">
      <h2 id="using-tokens-heading" className="text-lg font-semibold">
        Using a token
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Send it as a bearer token, with no cookie and no CSRF header. It works on the admin API only
        (sessions, force logout, users and, with <code>audit:read</code>, the audit log), from
        networks your IP rules allow, up to 600 requests a minute.
      </p>
      <pre className={codeClass}>
        <code>{`curl -H "Authorization: Bearer $GATEHOUSE_TOKEN" ${origin}/api/admin/sessions`}</code>
      </pre>
      <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
        From TypeScript, the typed client <code>@gatehouse/client</code> (in this repository's{' '}
        <code>packages/client</code>) knows every route, its parameters and its answers:
      </p>
      <pre className={codeClass}>
        <code>{`import { createGatehouseClient } from '@gatehouse/client';

const gatehouse = createGatehouseClient({
  baseUrl: '${origin}',
  token: process.env.GATEHOUSE_TOKEN ?? '', // sessions:read
});

const { data, error } = await gatehouse.GET('/api/admin/sessions');
if (error) throw new Error(\`\${error.error}: \${error.message}\`);
for (const s of data.sessions) console.log(s.device.label, s.lastSeenAt);`}</code>
      </pre>
    </Card>
  );
}
