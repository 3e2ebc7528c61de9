import {
  DOCUMENT_MAX_BYTES,
  documentNameSchema,
  mimeSchema,
  uploadDocumentRequestSchema,
} from '@gatehouse/shared';
import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { tooLarge } from './files.js';

/** Base64 of 10 MB plus the JSON around it; the route checks the decoded size exactly. */
export const UPLOAD_JSON_LIMIT = `${Math.ceil((DOCUMENT_MAX_BYTES * 4) / 3 / 1024) + 64}kb`;

const multipart = multer({
  storage: multer.memoryStorage(),
  // Busboy flags a file that reaches the limit; one byte more lets exactly 10 MB through.
  limits: { fileSize: DOCUMENT_MAX_BYTES + 1, files: 1, fields: 4, parts: 5 },
}).single('file');

export interface UploadedFile {
  name: string;
  mime: string;
  content: Buffer;
}

/** What the upload route's use case receives, whichever way the file came. */
export const uploadedFileSchema = z.object({
  name: documentNameSchema,
  mime: z.string(),
  content: z.custom<Buffer>((value) => Buffer.isBuffer(value), 'Attach a file'),
});

const uploadJson = express.json({ limit: UPLOAD_JSON_LIMIT });

/**
 * Reads a document from either a JSON body (`contentBase64`) or a multipart `file` field. The
 * route runner calls it only after authentication, CSRF and permission: nobody gets 13 MB parsed
 * for them without a session.
 */
export async function readUpload(req: Request, res: Response): Promise<UploadedFile> {
  if (req.is('multipart/form-data')) return readMultipart(req, res);
  if (!req.is('application/json'))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON or multipart/form-data');
  await new Promise<void>((resolve, reject) =>
    uploadJson(req, res, (err: unknown) => (err ? reject(err) : resolve())),
  );
  const body = uploadDocumentRequestSchema.parse(req.body ?? {});
  return { name: body.name, mime: body.mime, content: Buffer.from(body.contentBase64, 'base64') };
}

async function readMultipart(req: Request, res: Response): Promise<UploadedFile> {
  await new Promise<void>((resolve, reject) => {
    multipart(req, res, (err: unknown) => (err ? reject(multipartError(err)) : resolve()));
  });
  const file = req.file;
  if (!file) {
    throw new AppError('VALIDATION_FAILED', 'Attach a file', {
      issues: [{ path: 'file', message: 'Attach a file' }],
    });
  }
  const mime = mimeSchema.safeParse(file.mimetype);
  return {
    name: documentNameSchema.parse(file.originalname),
    mime: mime.success ? mime.data : 'application/octet-stream',
    content: file.buffer,
  };
}

function multipartError(err: unknown): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return tooLarge();
    return new AppError('VALIDATION_FAILED', 'The upload is not valid', {
      issues: [{ path: err.field ?? 'file', message: err.message }],
    });
  }
  return new AppError('BAD_REQUEST', 'The upload could not be read');
}
