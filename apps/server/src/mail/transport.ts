import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';

/** What a transport needs of an outbox row. */
export interface MailMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same on every attempt, so a retry is the same message to the receiving server. */
  messageId: string;
}

/** Resolves once the message was handed over (the SMTP server answered 250); rejects otherwise. */
export interface MailTransport {
  readonly name: 'smtp' | 'dev-mailbox';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Timeouts well under the worker's claim lease: a send still in flight when the lease ends would
 * let another worker send the same row again.
 */
export const SMTP_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 } as const;

/** Real SMTP through nodemailer; one connection per message, so a restarted server needs nothing. */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = createTransport({
    url: smtpUrl,
    connectionTimeout: SMTP_TIMEOUTS_MS.connection,
    greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
    socketTimeout: SMTP_TIMEOUTS_MS.socket,
  });
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: { 'X-Gatehouse-Kind': message.kind },
      });
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Without SMTP_URL mail stays in the outbox, listed by the dev mailbox, and each message is one
 * log line with its subject — never its body: reset links are secrets.
 */
export function devMailboxTransport(logger: Logger): MailTransport {
  return {
    name: 'dev-mailbox',
    async send(message) {
      logger.info(
        { mailKind: message.kind, to: message.to, subject: message.subject },
        `mail for ${message.to}: ${message.subject} (see /dev/mail)`,
      );
    },
    close() {},
  };
}

/** An error as one line for `last_error`: the code and message, without the SMTP password. */
export function describeSendError(err: unknown, smtpUrl: string | undefined): string {
  const code =
    err && typeof err === 'object' && 'code' in err && typeof err.code === 'string'
      ? `${err.code}: `
      : '';
  let text = `${code}${err instanceof Error ? err.message : String(err)}`.replace(/\s+/g, ' ');
  const password = smtpUrl ? safeUrlPassword(smtpUrl) : '';
  if (password) text = text.split(password).join('[redacted]');
  return text.slice(0, 500);
}

function safeUrlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
