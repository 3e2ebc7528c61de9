import { z } from 'zod';
import { BIDI_CONTROLS, nextCursorSchema, textSchema, uuidSchema } from './common.js';

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOWNLOAD_URL_TTL_MS = 60 * 1000;
export const SHARE_DEFAULT_HOURS = 72;
export const SHARE_MAX_HOURS = 30 * 24;

export const documentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  createdAt: z.iso.datetime(),
});
export type DocumentDTO = z.infer<typeof documentSchema>;

export const documentListResponseSchema = z.object({
  documents: z.array(documentSchema),
  nextCursor: nextCursorSchema,
});
export type DocumentListResponse = z.infer<typeof documentListResponseSchema>;

/** A file name; bidi controls are dropped so `evil\u202Efdp.exe` cannot pose as a PDF. */
export const documentNameSchema = textSchema()
  .transform((name) => name.replace(BIDI_CONTROLS, '').trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter a file name')
      .max(200)
      .refine(
        (name) => !/[/\\\r\n]/.test(name),
        'A file name cannot contain slashes or line breaks',
      ),
  );

/** A media type such as `application/pdf`; anything odd is stored as octet-stream. */
export const mimeSchema = textSchema()
  .trim()
  .toLowerCase()
  .max(100)
  .regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, 'Give a media type like text/plain');

export const uploadDocumentRequestSchema = z.object({
  name: documentNameSchema,
  mime: mimeSchema,
  contentBase64: z.base64('Give the content as base64'),
});
export type UploadDocumentRequest = z.infer<typeof uploadDocumentRequestSchema>;

export const documentResponseSchema = z.object({ document: documentSchema });

export const docIdParamsSchema = z.object({ docId: uuidSchema });

export const downloadUrlResponseSchema = z.object({ url: z.string(), expiresAt: z.iso.datetime() });
export type DownloadUrlResponse = z.infer<typeof downloadUrlResponseSchema>;

export const createShareRequestSchema = z.object({
  docId: uuidSchema,
  expiresInHours: z.number().int().min(1).max(SHARE_MAX_HOURS).default(SHARE_DEFAULT_HOURS),
});
export type CreateShareRequest = z.input<typeof createShareRequestSchema>;

export const createShareResponseSchema = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
  shareId: z.uuid(),
});
export type CreateShareResponse = z.infer<typeof createShareResponseSchema>;

export const shareSchema = z.object({
  id: z.uuid(),
  documentId: z.uuid(),
  documentName: z.string(),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type ShareDTO = z.infer<typeof shareSchema>;

export const shareListResponseSchema = z.object({
  shares: z.array(shareSchema),
  nextCursor: nextCursorSchema,
});
export type ShareListResponse = z.infer<typeof shareListResponseSchema>;
