import {
  type AuditAction,
  type AuditEntryDTO,
  type AuditFilter,
  type AuditListResponse,
  auditActionLabel,
  failureReasonLabel,
} from '@gatehouse/shared';
import { z } from 'zod';
import { describeDevice } from '../../core/device.js';
import type { Executor } from '../../db/client.js';
import { type AuditPageRow, auditPage, namesOnPage } from './queries.js';

type Names = Awaited<ReturnType<typeof namesOnPage>>;

/** A page holds few distinct User-Agents, and parsing one is the costliest step of a row. */
const DEVICES_REMEMBERED = 500;
const devices = new Map<string, ReturnType<typeof describeDevice>>();
function deviceOf(userAgent: string) {
  let device = devices.get(userAgent);
  if (!device) {
    if (devices.size >= DEVICES_REMEMBERED) devices.clear();
    device = describeDevice(userAgent);
    devices.set(userAgent, device);
  }
  return device;
}

/** A label kept in the entry itself (a deleted IP rule's CIDR, a revoked token's name). */
const payloadLabel = z.object({ cidr: z.string() }).or(z.object({ name: z.string() }));
function labelFromPayload(row: AuditPageRow): string | null {
  for (const part of [row.after, row.before, row.metadata]) {
    const parsed = payloadLabel.safeParse(part);
    if (parsed.success) return 'cidr' in parsed.data ? parsed.data.cidr : parsed.data.name;
  }
  return null;
}

function targetLabel(row: AuditPageRow, names: Names): string | null {
  const id = row.targetId ?? '';
  switch (row.targetType) {
    case 'user': {
      const user = names.people.get(id);
      return user ? `${user.name} (${user.email})` : null;
    }
    case 'api_token':
      return names.tokens.get(id)?.name ?? labelFromPayload(row);
    case 'document':
      return names.docs.get(id)?.name ?? labelFromPayload(row);
    case 'ip_rule':
      return names.rules.get(id)?.name ?? labelFromPayload(row);
    default:
      return null;
  }
}

function toEntry(row: AuditPageRow, names: Names): AuditEntryDTO {
  const actor = row.actorUserId ? names.people.get(row.actorUserId) : undefined;
  const realUser = row.realUserId ? names.people.get(row.realUserId) : undefined;
  const token = row.actorTokenId ? names.tokens.get(row.actorTokenId) : undefined;
  return {
    id: row.id,
    seq: row.seq,
    at: row.at.toISOString(),
    action: row.action as AuditAction,
    actionLabel: auditActionLabel(row.action),
    outcome: row.outcome,
    failureReason: row.failureReason,
    actor: actor ?? null,
    realUser: realUser && row.isImpersonating ? { id: realUser.id, name: realUser.name } : null,
    apiToken: row.actorTokenId
      ? { id: row.actorTokenId, name: token?.name ?? 'a deleted token' }
      : null,
    isImpersonating: row.isImpersonating,
    target: row.targetType
      ? { type: row.targetType, id: row.targetId, label: targetLabel(row, names) }
      : null,
    ip: row.ip,
    country: row.country,
    city: row.city,
    userAgent: row.userAgent,
    device: row.userAgent ? deviceOf(row.userAgent) : null,
    before: row.before,
    after: row.after,
    metadata: row.metadata,
  };
}

/** The names rows mention (people, tokens, documents, IP rules), in one round trip. */
export function auditNames(db: Executor, orgId: string, rows: AuditPageRow[]): Promise<Names> {
  const targets = (type: string) =>
    rows.flatMap((r) => (r.targetType === type && r.targetId ? [r.targetId] : []));
  return namesOnPage(db, orgId, {
    users: [
      ...rows.flatMap((r) => [r.actorUserId, r.realUserId].filter((id) => id !== null)),
      ...targets('user'),
    ],
    tokens: [
      ...rows.flatMap((r) => (r.actorTokenId ? [r.actorTokenId] : [])),
      ...targets('api_token'),
    ],
    documents: targets('document'),
    ipRules: targets('ip_rule'),
  });
}

export type AuditNames = Names;

/** Who acted and on what, in words, for the CSV export's columns beside the ids. */
export interface AuditRowNames {
  actionLabel: string;
  failureReasonLabel: string | null;
  actorName: string | null;
  actorEmail: string | null;
  realUserName: string | null;
  actorTokenName: string | null;
  targetName: string | null;
  targetEmail: string | null;
}

export function auditRowNames(row: AuditPageRow, names: Names): AuditRowNames {
  const actor = row.actorUserId ? names.people.get(row.actorUserId) : undefined;
  const realUser = row.realUserId ? names.people.get(row.realUserId) : undefined;
  const targetUser =
    row.targetType === 'user' && row.targetId ? names.people.get(row.targetId) : undefined;
  return {
    actionLabel: auditActionLabel(row.action, row.outcome),
    failureReasonLabel: row.failureReason ? failureReasonLabel(row.failureReason) : null,
    actorName: actor?.name ?? null,
    actorEmail: actor?.email ?? null,
    realUserName: realUser?.name ?? null,
    actorTokenName: row.actorTokenId
      ? (names.tokens.get(row.actorTokenId)?.name ?? 'a deleted token')
      : null,
    targetName: targetUser ? targetUser.name : targetLabel(row, names),
    targetEmail: targetUser?.email ?? null,
  };
}

/** Resolves the names a page of rows mentions and shapes each row for the API. */
export async function auditEntries(
  db: Executor,
  orgId: string,
  rows: AuditPageRow[],
): Promise<AuditEntryDTO[]> {
  const names = await auditNames(db, orgId, rows);
  return rows.map((row) => toEntry(row, names));
}

/**
 * One page of the org's log, newest first, before `beforeSeq` (the last seq shown): entries
 * appended meanwhile have higher seqs, so paging on shows every entry once and never one twice.
 * `nextSeq` is where the next page starts, if there is one.
 */
export async function listAuditEntries(
  db: Executor,
  orgId: string,
  query: { filter: AuditFilter; limit: number; beforeSeq?: number | undefined },
): Promise<{ items: AuditListResponse['items']; nextSeq: number | null }> {
  const { beforeSeq } = query;
  const rows = await auditPage(db, orgId, {
    filter: query.filter,
    limit: query.limit + 1,
    ...(beforeSeq === undefined ? {} : { beforeSeq }),
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await auditEntries(db, orgId, page),
    nextSeq: rows.length > query.limit && last ? last.seq : null,
  };
}
