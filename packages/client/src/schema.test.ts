import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

describe('the generated schema', () => {
  it('is what openapi-typescript makes of the committed openapi.json (run `pnpm generate`)', async () => {
    const document = new URL('../openapi.json', import.meta.url);
    const generated = astToString(await openapiTS(document));
    const committed = readFileSync(new URL('./schema.d.ts', import.meta.url), 'utf8');
    const body = (text: string) => text.slice(text.indexOf('export interface paths'));
    expect(body(committed)).toBe(body(generated));
  });
});
