import { describe, expect, it } from 'vitest';
import { documentTitle, titled } from './title';

describe('documentTitle', () => {
  it('names the page the deepest route names, then the app', () => {
    expect(documentTitle([undefined, titled('Security')])).toBe('Security · Gatehouse');
    expect(documentTitle([titled('Outer'), undefined, titled('Audit log')])).toBe(
      'Audit log · Gatehouse',
    );
    expect(documentTitle([undefined])).toBe('Gatehouse');
  });
});
