/** Security email: templates and the transactional outbox (DESIGN §9). */
export { enqueueMail, type OutgoingMail } from './outbox.js';
export { type MailTemplate, type RenderedMail, renderMail } from './render.js';
