import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseFormulas } from './format.js';

/** What a spreadsheet sees as cells when it splits the text again on `delimiter`. */
const cellsOf = (text: string, delimiter: RegExp) =>
  text.split(delimiter).map((cell) => cell.replace(/^[ "]+/, ''));
const FORMULA = /^[=+\-@\t\r]/;

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('quotes a semicolon or a tab too, so a locale that splits on them keeps the cell whole', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell({ a: '=b' })).toBe('"{""a"":""=b""}"');
  });

  it('neutralises a formula after any delimiter a spreadsheet may split the text on', () => {
    expect(csvCell('x;=HYPERLINK("http://evil.test")')).toBe(
      `"x;'=HYPERLINK(""http://evil.test"")"`,
    );
    expect(neutraliseFormulas('a,+1')).toBe("a,'+1");
    expect(neutraliseFormulas('a\t@SUM(1)')).toBe("a\t'@SUM(1)");
    expect(neutraliseFormulas('a\r\n-2+3')).toBe("a\r\n'-2+3");
    expect(neutraliseFormulas('a\n=1')).toBe("a\n'=1");
    // Spaces and a quote before the formula are skipped by spreadsheets: the mark goes first.
    expect(neutraliseFormulas('a; =1')).toBe("a;' =1");
    expect(neutraliseFormulas('a,"=1"')).toBe(`a,'"=1"`);
    // A tab or carriage return is both a delimiter and a formula start.
    expect(neutraliseFormulas('\t=1')).toBe("'\t'=1");
    expect(neutraliseFormulas('a\r\r=1')).toBe("a\r'\r'=1");
  });

  it('leaves no cell a spreadsheet could run, however it re-splits the text', () => {
    const attacks = [
      'Mozilla/5.0; =cmd|" /C calc"!A0',
      'x,=1+1;@SUM(A1)\t-2\r+3\n=4',
      '{"a":"b","c":"=d"}',
      ' ;  "@x", \t\t=y',
    ];
    for (const attack of attacks) {
      const text = neutraliseFormulas(attack);
      for (const delimiter of [/,/, /;/, /\t/, /\r\n|\r|\n/]) {
        for (const cell of cellsOf(text, delimiter)) expect(cell).not.toMatch(FORMULA);
      }
    }
  });

  it('changes nothing in text where no cell could begin with a formula', () => {
    for (const safe of ['a-b', 'a=b', 'user@example.test', 'Chrome on macOS', '{"a":-1}']) {
      expect(neutraliseFormulas(safe)).toBe(safe);
    }
  });
});
