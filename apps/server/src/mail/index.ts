/** Security email: templates, the transactional outbox, its worker and the dev mailbox (DESIGN §9). */
export { enqueueMail, type OutgoingMail } from './outbox.js';
export { type MailTemplate, type RenderedMail, renderMail } from './render.js';
export {
  devMailboxTransport,
  type MailMessage,
  type MailTransport,
  smtpTransport,
} from './transport.js';
export {
  CLAIM_LEASE_MS,
  createMailWorker,
  GIVE_UP_AFTER_MS,
  type MailRun,
  MailWorker,
  retryDelayMs,
} from './worker.js';
