import type { DocumentDTO, ShareDTO } from '@gatehouse/shared';
import { FileText, Upload } from 'lucide-react';
import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { relativeTime } from '../../lib/time';
import { toast } from '../../stores/toast';
import { formatBytes } from './format';
import { ShareDialog } from './ShareDialog';

const messageOf = (err: unknown, fallback: string): string | null =>
  err instanceof ApiError && err.code === 'STEP_UP_REQUIRED'
    ? null
    : err instanceof ApiError
      ? err.message
      : fallback;

function useDocuments() {
  const [documents, setDocuments] = useState<DocumentDTO[] | null>(null);
  const [shares, setShares] = useState<ShareDTO[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [docs, links] = await Promise.all([calls.documents(), calls.shares()]);
      setDocuments(docs.documents);
      setShares(links.shares);
      setError(null);
    } catch (err: unknown) {
      setError(messageOf(err, 'Could not load the documents'));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { documents, shares, error, reload: load };
}

/** Downloads through a signed URL valid 60 s; the browser saves the attachment. */
async function download(doc: DocumentDTO): Promise<void> {
  const { url } = await calls.downloadUrl(doc.id);
  const link = document.createElement('a');
  link.href = url;
  link.download = doc.name;
  document.body.append(link);
  link.click();
  link.remove();
}

export function DocumentsPage() {
  const { documents, shares, error, reload } = useDocuments();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setActionError(null);
    try {
      await calls.uploadDocument(file);
      toast(`Uploaded ${file.name}`, 'success');
      await reload();
    } catch (err: unknown) {
      setActionError(messageOf(err, 'Upload failed'));
    } finally {
      setBusy(false);
    }
  }

  async function onDownload(doc: DocumentDTO) {
    setActionError(null);
    try {
      await download(doc);
    } catch (err: unknown) {
      setActionError(messageOf(err, 'Download failed'));
    }
  }

  async function revoke(share: ShareDTO) {
    try {
      await calls.revokeShare(share.id);
      toast('Link revoked', 'success');
      await reload();
    } catch (err: unknown) {
      setActionError(messageOf(err, 'Could not revoke the link'));
    }
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Documents</h1>
        <div>
          <input
            ref={input}
            type="file"
            aria-label="Upload a document"
            className="sr-only"
            onChange={(e) => void upload(e)}
          />
          <Button onClick={() => input.current?.click()} disabled={busy}>
            <Upload className="h-4 w-4" aria-hidden />
            {busy ? 'Uploading…' : 'Upload'}
          </Button>
        </div>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {actionError ? <Alert tone="error">{actionError}</Alert> : null}
      <Card className="p-0 sm:p-0">
        {documents === null && !error ? (
          <p className="p-6 text-sm text-slate-500">Loading documents…</p>
        ) : documents && documents.length === 0 ? (
          <div className="flex flex-col items-center py-12 text-center">
            <FileText className="h-8 w-8 text-slate-400" aria-hidden />
            <p className="mt-3 font-medium">No documents yet</p>
            <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
              Upload one (up to 10 MB) to download or share it.
            </p>
          </div>
        ) : (
          <ul aria-label="Documents" className="divide-y divide-slate-200 dark:divide-slate-800">
            {documents?.map((doc) => (
              <li key={doc.id} className="flex flex-wrap items-center gap-3 px-5 py-4">
                <FileText className="h-5 w-5 shrink-0 text-slate-400" aria-hidden />
                <div className="min-w-0 flex-1" id={`doc-${doc.id}`}>
                  <p className="truncate font-medium">{doc.name}</p>
                  <p className="text-sm text-slate-500 dark:text-slate-400">
                    {formatBytes(doc.size)} · {doc.ownerName} · {relativeTime(doc.createdAt)}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    aria-describedby={`doc-${doc.id}`}
                    onClick={() => void onDownload(doc)}
                  >
                    Download
                  </Button>
                  <ShareDialog doc={doc} onChanged={() => void reload()} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {shares.length > 0 ? (
        <Card>
          <h2 className="text-lg font-semibold">Shared links</h2>
          <ul
            aria-label="Shared links"
            className="mt-3 divide-y divide-slate-200 dark:divide-slate-800"
          >
            {shares.map((share) => (
              <li key={share.id} className="flex items-center justify-between gap-3 py-3 text-sm">
                <span className="min-w-0 truncate">
                  {share.documentName}
                  <span className="text-slate-500">
                    {' '}
                    · expires {new Date(share.expiresAt).toLocaleString()}
                  </span>
                </span>
                <Button variant="secondary" size="sm" onClick={() => void revoke(share)}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
