import type { AuditExportFilter } from '@gatehouse/shared';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { AuditKeys } from '../../core/audit-keys.js';
import type { Database } from '../../db/client.js';
import { chainHead, lockOrgChain } from '../chain.js';
import { checkpointsBetween, lastCheckpoint, writeCheckpoint } from '../checkpoints.js';
import { csvHeader, csvLine, jsonlCheckpoint, jsonlEntry } from './format.js';
import type { RunningJob } from './limits.js';
import { exportWindow } from './queries.js';

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
    await lockOrgChain(tx, orgId);
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
      let chunk: string;
      if (format === 'csv') {
        chunk = rows.map(csvLine).join('');
      } else {
        const signed = await checkpointsBetween(db, orgId, after + 1, until);
        const lines: string[] = [];
        for (const row of rows) {
          lines.push(jsonlEntry(row));
          while (signed[0] && signed[0].seq <= row.seq) {
            const checkpoint = signed.shift();
            if (checkpoint) lines.push(jsonlCheckpoint(checkpoint));
          }
        }
        chunk = lines.join('');
      }
      if (chunk && !(await send(res, chunk))) {
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
