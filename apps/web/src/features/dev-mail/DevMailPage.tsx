import type { DevMailMessage } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { devMailQuery } from '../../api/password-reset';
import { QueryState } from '../../components/query-state';
import { Button } from '../../components/ui/button';
import { When } from '../../components/when';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** The plain-text body with its URLs as links; nothing of the mail is rendered as HTML. */
function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
            key={i}
            href={part}
            className="break-all text-indigo-600 underline dark:text-indigo-400"
          >
            {part}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

function Message({ message }: { message: DevMailMessage }) {
  return (
    <li>
      <article
        aria-label={message.subject}
        className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      >
        <h2 className="font-medium">{message.subject}</h2>
        <p className="text-xs text-slate-500">
          To {message.to} · <When iso={message.createdAt} exact /> · {message.status}
        </p>
        <pre className="mt-3 whitespace-pre-wrap font-sans text-sm">
          <Linkified text={message.text} />
        </pre>
      </article>
    </li>
  );
}

/** Outside production, without SMTP_URL: the mail the app would have sent. */
export function DevMailPage() {
  const query = useQuery(devMailQuery);
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Dev mailbox</h1>
        <Button variant="secondary" onClick={() => void query.refetch()}>
          Refresh
        </Button>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Mail is not sent without SMTP_URL: it is kept here, newest first (only outside production).
      </p>
      <QueryState query={query} what="the dev mailbox">
        {({ messages }) =>
          messages.length === 0 ? (
            <p className="text-sm">No mail yet.</p>
          ) : (
            <ul className="space-y-3">
              {messages.map((message) => (
                <Message key={message.id} message={message} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </main>
  );
}
