import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths never written to a log: credentials in headers and bodies, wherever they appear. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.csrfToken',
  '*.code',
  '*.recoveryCode',
  '*.secret',
];

/**
 * Lines are written to stdout in blocks of at least 4 KB, and at least every second: one line
 * per request was one write per request on the API's hottest path (decision 026). Pino flushes
 * what is left on exit, an uncaught exception's included; a process killed outright (SIGKILL,
 * the OOM killer) loses at most its last second of lines.
 */
const STDOUT_BLOCK_BYTES = 4096;
const STDOUT_FLUSH_MS = 1_000;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    destination ??
      pino.destination({
        dest: 1,
        minLength: STDOUT_BLOCK_BYTES,
        periodicFlush: STDOUT_FLUSH_MS,
        sync: false,
      }),
  );
}
