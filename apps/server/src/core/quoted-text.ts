import ipaddr from 'ipaddr.js';

/** The longest text of someone else's our messages show, in characters: names, device labels. */
export const QUOTED_TEXT_MAX = 80;
/** Reasons are sentences: a little more room. */
export const QUOTED_REASON_MAX = 200;

declare const quotedBrand: unique symbol;
/** Text that went through `quoted`: a template field of this type cannot take raw input. */
export type QuotedText = string & { readonly [quotedBrand]: true };

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Text a client or another person chose (a device label, a name, a reason) as a mail or an alert
 * shows it (decision 021): on one line, without invisible or direction-changing characters, cut
 * to `max` characters with an ellipsis, inside “…” — what someone said, never a sentence of
 * ours. Curly quotation marks inside become straight ones, which cannot close ours.
 */
export function quoted(value: string, max: number = QUOTED_TEXT_MAX): QuotedText {
  const flat = value
    // Format characters: bidi overrides, zero-width spaces and joiners, soft hyphens.
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Cc}\p{Z}\s]+/gu, ' ')
    .replace(/[“”„‟«»]/g, '"')
    .trim();
  const characters = Array.from(graphemes.segment(flat), (part) => part.segment);
  const cut =
    characters.length > max
      ? `${characters
          .slice(0, max - 1)
          .join('')
          .trimEnd()}…`
      : flat;
  // The one place a QuotedText is made.
  return `“${cut}”` as QuotedText;
}

/**
 * A client's address as a message shows it: a well-formed IP as it is, anything else (a trusted
 * proxy can pass on what a client wrote in X-Forwarded-For) quoted like any other words.
 */
export function shownAddress(ip: string | null, unknown: string): string {
  if (ip === null) return unknown;
  return ipaddr.isValid(ip) ? ip : quoted(ip);
}
