import { DOCUMENT_MAX_BYTES, type DocumentDTO } from '@gatehouse/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { FileText, Upload } from 'lucide-react';
import { type ChangeEvent, useRef, useState } from 'react';
import { documentsQuery, useDownloadUrl, useUploadDocument } from '../../api/documents';
import { ApiError } from '../../api/errors';
import { allRows } from '../../api/paging';
import { ErrorAlert } from '../../components/error-alert';
import { LoadMore } from '../../components/load-more';
import { QueryState } from '../../components/query-state';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { When } from '../../components/when';
import { WriteControl } from '../../components/write-control';
import { toast } from '../../stores/toast';
import { formatBytes } from './format';
import { ShareDialog } from './ShareDialog';
import { SharedLinks } from './SharedLinks';

/** Saves a file through a signed URL valid 60 s; the browser treats it as an attachment. */
function saveFrom(url: string, name: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Upload's failures in words; a full quota (413 STORAGE_QUOTA_EXCEEDED) keeps the server's. */
function uploadMessage(error: unknown): string | undefined {
  if (error instanceof ApiError && error.code === 'PAYLOAD_TOO_LARGE')
    return `That file is too large: the limit is ${formatBytes(DOCUMENT_MAX_BYTES)}.`;
  return undefined;
}

function DocumentRow({ doc, onDownload }: { doc: DocumentDTO; onDownload(): void }) {
  return (
    <li className="flex flex-wrap items-center gap-3 px-5 py-4">
      <FileText className="h-5 w-5 shrink-0 text-slate-400" aria-hidden />
      <div className="min-w-0 flex-1 basis-48" id={`doc-${doc.id}`}>
        <p className="break-words font-medium">{doc.name}</p>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {formatBytes(doc.size)} · {doc.ownerName} · <When iso={doc.createdAt} />
        </p>
      </div>
      <div className="ml-8 flex gap-2 sm:ml-0">
        <Button
          variant="secondary"
          size="sm"
          aria-describedby={`doc-${doc.id}`}
          onClick={onDownload}
        >
          Download
        </Button>
        <ShareDialog doc={doc} />
      </div>
    </li>
  );
}

export function DocumentsPage() {
  const documents = useInfiniteQuery(documentsQuery);
  const upload = useUploadDocument();
  const download = useDownloadUrl();
  const input = useRef<HTMLInputElement>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);

  function onFileChosen(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    upload.reset();
    if (file.size > DOCUMENT_MAX_BYTES)
      return setTooLarge(`${file.name} is ${formatBytes(file.size)}; the limit is 10 MB.`);
    setTooLarge(null);
    upload.mutate(file, { onSuccess: () => toast(`Uploaded ${file.name}`, 'success') });
  }

  function onDownload(doc: DocumentDTO) {
    download.mutate(doc.id, { onSuccess: ({ url }) => saveFrom(url, doc.name) });
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
            onChange={onFileChosen}
          />
          <WriteControl>
            <Button onClick={() => input.current?.click()} disabled={upload.isPending}>
              <Upload className="h-4 w-4" aria-hidden />
              {upload.isPending ? 'Uploading…' : 'Upload'}
            </Button>
          </WriteControl>
        </div>
      </div>
      {tooLarge ? <Alert tone="error">{tooLarge}</Alert> : null}
      {uploadMessage(upload.error) ? (
        <Alert tone="error">{uploadMessage(upload.error)}</Alert>
      ) : (
        <ErrorAlert error={upload.error} fallback="Upload failed" />
      )}
      <ErrorAlert error={download.error} fallback="Download failed" />
      <Card className="p-0 sm:p-0">
        <QueryState query={documents} what="the documents">
          {(data) => {
            const rows = allRows(data, (page) => page.documents);
            if (rows.length === 0)
              return (
                <div className="flex flex-col items-center py-12 text-center">
                  <FileText className="h-8 w-8 text-slate-400" aria-hidden />
                  <p className="mt-3 font-medium">No documents yet</p>
                  <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
                    Upload one (up to 10 MB) to download or share it.
                  </p>
                </div>
              );
            return (
              <>
                <ul
                  aria-label="Documents"
                  className="divide-y divide-slate-200 dark:divide-slate-800"
                >
                  {rows.map((doc) => (
                    <DocumentRow key={doc.id} doc={doc} onDownload={() => onDownload(doc)} />
                  ))}
                </ul>
                <LoadMore query={documents} label="Load more documents" />
              </>
            );
          }}
        </QueryState>
      </Card>
      <SharedLinks />
    </div>
  );
}
