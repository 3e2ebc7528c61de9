import { Copy } from 'lucide-react';
import { toast } from '../stores/toast';

/**
 * An id kept whole (never broken mid-token) with a button that copies it: people paste ids
 * into filters and tickets, and nobody reads one aloud.
 */
export function CopyId({ id, what }: { id: string; what: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(id);
      toast(`Copied the id of ${what}`, 'success');
    } catch {
      toast('Could not copy; select the id and copy it instead', 'error');
    }
  }
  return (
    <span className="inline-flex items-center gap-1 align-middle">
      <code className="whitespace-nowrap font-mono text-xs">{id}</code>
      <button
        type="button"
        aria-label={`Copy the id of ${what}`}
        title="Copy id"
        className="shrink-0 rounded-sm p-0.5 text-slate-500 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:hover:text-slate-100"
        onClick={() => void copy()}
      >
        <Copy className="h-3.5 w-3.5" aria-hidden />
      </button>
    </span>
  );
}
