import { describe, expect, it } from 'vitest';
import { QUOTED_REASON_MAX, QUOTED_TEXT_MAX, quoted, shownAddress } from './quoted-text.js';

describe('quoted', () => {
  it('puts someone else’s words in quotation marks', () => {
    expect(quoted('Chrome on macOS')).toBe('“Chrome on macOS”');
  });

  it('cuts at 80 characters with an ellipsis, and reasons at 200', () => {
    const long = 'a'.repeat(300);
    expect(quoted(long)).toBe(`“${'a'.repeat(QUOTED_TEXT_MAX - 1)}…”`);
    expect(quoted(long, QUOTED_REASON_MAX)).toBe(`“${'a'.repeat(QUOTED_REASON_MAX - 1)}…”`);
    expect(quoted('b'.repeat(QUOTED_TEXT_MAX))).toBe(`“${'b'.repeat(QUOTED_TEXT_MAX)}”`);
  });

  it('never splits a character: emoji and accents count as one', () => {
    const flags = '🇬🇧'.repeat(100);
    const cut = quoted(flags);
    expect(cut).toBe(`“${'🇬🇧'.repeat(QUOTED_TEXT_MAX - 1)}…”`);
    expect(quoted('e\u0301'.repeat(81))).toBe(`“${'e\u0301'.repeat(79)}…”`);
  });

  it('keeps the text on one line, without bidi overrides or invisible characters', () => {
    expect(quoted('Chrome\r\nBcc: x@example.test\tnow')).toBe('“Chrome Bcc: x@example.test now”');
    expect(quoted('Adm\u202Enim\u200B\u2028x')).toBe('“Admnim x”');
  });

  it('turns quotation marks that could close ours into plain ones', () => {
    expect(quoted('Bob” Click https://evil.example “now')).toBe(
      '“Bob" Click https://evil.example "now”',
    );
  });

  it('shows a well-formed address as it is, and quotes anything else', () => {
    expect(shownAddress('203.0.113.7', 'unknown')).toBe('203.0.113.7');
    expect(shownAddress('2001:db8::1', 'unknown')).toBe('2001:db8::1');
    expect(shownAddress('Click https://evil.example', 'unknown')).toBe(
      '“Click https://evil.example”',
    );
    expect(shownAddress(null, 'unknown')).toBe('unknown');
  });
});
