import { ERROR_STATUS } from '@gatehouse/shared';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import type { Route } from '../../http/route.js';

const errorSchema = z
  .object({
    error: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
    message: z.string(),
    reason: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

/** OpenAPI 3.1, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: Route[], prefix: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const { def } of routes) {
    const path = `${prefix}${def.path}`.replace(/:(\w+)/g, '{$1}');
    const success = String(def.status ?? (def.response ? 200 : 204));
    const operation: ZodOpenApiOperationObject = {
      summary: def.summary,
      tags: [def.tag],
      ...(def.access === 'session' ? { security: [{ sessionCookie: [] }] } : {}),
      ...(def.body ? { requestBody: json(def.body) } : {}),
      requestParams: {
        ...(def.params instanceof z.ZodObject ? { path: def.params } : {}),
        ...(def.query instanceof z.ZodObject ? { query: def.query } : {}),
      },
      responses: {
        [success]: def.response
          ? { description: 'OK', ...json(def.response) }
          : { description: 'OK' },
        default: { description: 'Error (DESIGN §7)', ...json(errorSchema) },
      },
    };
    paths[path] = { ...paths[path], [def.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Gatehouse API', version: '0.1.0' },
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'gh_session' },
      },
    },
    paths,
  });
}
