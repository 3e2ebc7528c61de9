import { describe, expect, it } from 'vitest';
import { personNameSchema } from './common.js';
import { documentNameSchema } from './documents.js';

describe('text schemas', () => {
  it('refuse NUL and lone surrogates, naming why', () => {
    expect(personNameSchema.safeParse('Ann\u0000').error?.issues[0]?.message).toMatch(/NUL/);
    expect(personNameSchema.safeParse('Ann\uD800').error?.issues[0]?.message).toMatch(/Unicode/);
    expect(personNameSchema.safeParse('Ann\uDC00x').success).toBe(false);
    expect(personNameSchema.safeParse('Ann 😀').success).toBe(true);
  });

  it('refuse bidi controls in names people see', () => {
    expect(personNameSchema.safeParse('Adm\u202Enim').success).toBe(false);
  });

  it('strip bidi controls from file names', () => {
    expect(documentNameSchema.parse('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(documentNameSchema.safeParse('\u2066\u2069').success).toBe(false);
  });
});
