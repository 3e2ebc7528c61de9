import type { AuditExportFilter } from '@gatehouse/shared';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { AuditKeys } from '../../core/audit-keys.js';
import type { Database } from '../../db/client.js';
import { chainHead, lockChain } from '../chain.js';
import { checkpointsBetween, lastCheckpoint, writeCheckpoint } from '../checkpoints.js';
import { auditNames, auditRowNames } from '../reading/service.js';
import { csvHeader, csvLine, jsonlCheckpoint, jsonlEntry } from './format.js';
import { exportWindow } from './queries.js';

/** The export's claim on its org's one-at-a-time slot (kept alive per batch, released at the end). */
export interface RunningJob {
  /** Extends the lease when a quarter of it has passed; cheap to call per batch. */
  keepAlive(): Promise<void>;
  release(): Promise<void>;
}

/** Seqs per statement: a few ms each on Postgres, under a megabyte of text per write. */
export const EXPORT_WINDOW_SEQS = 1_000;

export interface ExportRequest {
  orgId: string;
  format: 'csv' | 'jsonl';
  filter: AuditExportFilter;
  now: Date;
  /** The org's one export slot (limits.ts): kept alive per window, given back at the end. */
  job: RunningJob;
}

/**
 * Signs the org's head (an `export` checkpoint) unless it is signed already, so an unfiltered
 * JSONL export is covered to its last line; returns the seq the export stops at, and the last
 * checkpoint when it lies beyond it (a cut tail: the file carries it so the CLI sees the cut).
 */
async function signHead(db: Database, keys: AuditKeys, orgId: string, now: Date) {
  return db.transaction(async (tx) => {
    await lockChain(tx, orgId);
    const head = await chainHead(tx, orgId);
    const last = await lastCheckpoint(tx, orgId);
    const throughSeq = head?.seq ?? 0;
    if (last && last.seq > throughSeq) return { throughSeq, beyond: last };
    // An unkeyed head (digest null) is not signed: verify refuses such a chain.
    if (head?.digest && (!last || last.seq < head.seq)) {
      await writeCheckpoint(tx, keys, orgId, { ...head, digest: head.digest }, 'export', now);
    }
    return { throughSeq, beyond: undefined };
  });
}

/** Writes a chunk, waiting for 'drain' when the socket is full; false once the client is gone. */
function send(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** Text per socket write: well under the allocator's large-block size (see sendLines). */
const WRITE_CHARS = 32 * 1024;

/**
 * Writes a window's lines in pieces of about WRITE_CHARS rather than as one string of most of a
 * megabyte: each write is encoded into native memory the socket holds until it is sent, and
 * blocks that large are where the process' RSS grew with the export (decision 026).
 */
async function sendLines(res: Response, lines: readonly string[]): Promise<boolean> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= WRITE_CHARS) {
      if (!(await send(res, piece))) return false;
      piece = '';
    }
  }
  return piece === '' || send(res, piece);
}

/**
 * Streams the export after its headers were sent: one short statement per window, no
 * transaction held across the stream, at most one window of text in memory, and it stops when
 * the client goes away.
 */
export async function streamAuditExport(
  deps: { db: Database; keys: AuditKeys; logger: Logger },
  res: Response,
  request: ExportRequest,
): Promise<void> {
  const { db } = deps;
  const { orgId, format, filter, now, job } = request;
  try {
    const { throughSeq, beyond } = await signHead(db, deps.keys, orgId, now);
    const header =
      format === 'csv'
        ? csvHeader()
        : `${JSON.stringify({
            type: 'header',
            format: 'gatehouse-audit-export',
            version: 1,
            orgId,
            exportedAt: now.toISOString(),
            filters: filter,
            throughSeq,
          })}\n`;
    if (!(await send(res, header))) return;
    let entries = 0;
    for (let after = 0; after < throughSeq; after += EXPORT_WINDOW_SEQS) {
      const until = Math.min(after + EXPORT_WINDOW_SEQS, throughSeq);
      await job.keepAlive();
      const rows = await exportWindow(db, orgId, filter, after, until);
      entries += rows.length;
      const lines: string[] = [];
      if (format === 'csv') {
        // Names as of now, one round trip per window.
        const names = await auditNames(db, orgId, rows);
        for (const row of rows) lines.push(csvLine({ ...row, ...auditRowNames(row, names) }));
      } else {
        const signed = await checkpointsBetween(db, orgId, after + 1, until);
        for (const row of rows) {
          lines.push(jsonlEntry(row));
          while (signed[0] && signed[0].seq <= row.seq) {
            const checkpoint = signed.shift();
            if (checkpoint) lines.push(jsonlCheckpoint(checkpoint));
          }
        }
      }
      if (!(await sendLines(res, lines))) {
        deps.logger.info({ orgId, entries }, 'audit export stopped: the client went away');
        return;
      }
    }
    if (format === 'jsonl') {
      const tail = beyond ? jsonlCheckpoint(beyond) : '';
      await send(res, `${tail}${JSON.stringify({ type: 'end', entries })}\n`);
    }
    res.end();
  } catch (err: unknown) {
    deps.logger.error({ err, orgId }, 'audit export failed');
    res.destroy();
  } finally {
    await job.release();
  }
}
