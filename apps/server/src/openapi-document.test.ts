import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, openApiJson } from './openapi-document.js';

describe('the OpenAPI document', () => {
  it('is the one packages/client was generated from (run `pnpm --filter @gatehouse/client generate`)', () => {
    const committed = readFileSync(
      new URL('../../../packages/client/openapi.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(openApiJson());
  });

  it('declares the bearer scheme and each token route’s scope', () => {
    const document = buildOpenApiDocument();
    expect(document.components?.securitySchemes?.bearerToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const list = document.paths?.['/api/admin/sessions']?.get;
    expect(list?.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(list).toMatchObject({ 'x-required-scope': 'sessions:read' });
    const revoke = document.paths?.['/api/admin/sessions/{id}']?.delete;
    expect(revoke?.security).toEqual([{ bearerToken: [] }]);
    expect(revoke).toMatchObject({ 'x-required-scope': 'sessions:write' });
  });
});
