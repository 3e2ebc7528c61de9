import { Eta } from 'eta';

/** One message's templates (Eta syntax: `<%= it.field %>`), rendered with the same data. */
export interface MailTemplate {
  subject: string;
  text: string;
  html: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** HTML escapes every interpolation: device labels, names and places come from attackers. */
const html = new Eta({ autoEscape: true, autoTrim: false, useWith: false });
/** Plain text and the subject are not HTML, so nothing is escaped there. */
const plain = new Eta({ autoEscape: false, autoTrim: false, useWith: false });

/** A header value on one line, so a hostile value cannot add headers or break the subject. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

export function renderMail<T extends object>(template: MailTemplate, data: T): RenderedMail {
  return {
    subject: oneLine(plain.renderString(template.subject, data)),
    text: plain.renderString(template.text, data),
    html: html.renderString(template.html, data),
  };
}
