import { apiErrorBodySchema, stepUpRequiredBodySchema } from '@gatehouse/shared';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import type { Route } from '../../http/route.js';

const errorSchema = apiErrorBodySchema.meta({ id: 'Error' });

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
      ...(def.openApiBody || def.body
        ? { requestBody: json(def.openApiBody ?? def.body ?? z.never()) }
        : {}),
      ...(def.permission ? { 'x-permission': def.permission } : {}),
      // The 428 protocol (DESIGN §5): which step-up purpose the route asks for.
      ...(def.stepUp ? { 'x-step-up': def.stepUp } : {}),
      requestParams: {
        ...(def.params instanceof z.ZodObject ? { path: def.params } : {}),
        ...(def.query instanceof z.ZodObject ? { query: def.query } : {}),
      },
      responses: {
        [success]: def.response
          ? { description: 'OK', ...json(def.response) }
          : { description: 'OK' },
        ...(def.stepUp
          ? {
              '428': {
                description: `Step-up ${def.stepUp} required (POST /api/security/stepup/verify)`,
                ...json(stepUpRequiredBodySchema),
              },
            }
          : {}),
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
