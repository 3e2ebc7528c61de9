import { BIDI_CONTROLS, DOCUMENT_MAX_BYTES } from '@gatehouse/shared';
import type { Response } from 'express';
import { AppError } from '../../http/errors.js';

export const tooLarge = (): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', `Documents can be at most ${DOCUMENT_MAX_BYTES / 2 ** 20} MB`);

/**
 * Types a browser shows without running anything. Everything else is served as
 * application/octet-stream, so an uploaded HTML or SVG file can never run script on our origin.
 */
const INERT_TYPES = new Set([
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/zip',
  'application/json',
]);

export function servedType(mime: string): string {
  return INERT_TYPES.has(mime.toLowerCase()) ? mime : 'application/octet-stream';
}

/** Sends a stored file as an attachment that can neither run script nor be framed. */
export function sendFile(res: Response, file: { name: string; mime: string; content: Buffer }) {
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; frame-ancestors 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res
    .attachment(file.name.replace(BIDI_CONTROLS, ''))
    .type(servedType(file.mime))
    .send(file.content);
}
