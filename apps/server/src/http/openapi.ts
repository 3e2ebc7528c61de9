import { apiErrorBodySchema, stepUpRequiredBodySchema } from '@gatehouse/shared';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import type { Route } from './route.js';

const errorSchema = apiErrorBodySchema.meta({ id: 'Error' });

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

type AccessOf = Route['def']['access'];
/** Which credentials a route takes: the session cookie, a bearer API token, or either. */
function securityOf(access: AccessOf): { security?: Record<string, string[]>[] } {
  if (access === 'session') return { security: [{ sessionCookie: [] }] };
  if (access === 'token') return { security: [{ bearerToken: [] }] };
  if (access === 'session-or-token')
    return { security: [{ sessionCookie: [] }, { bearerToken: [] }] };
  return {};
}

/** A stable name for generated clients: the method and the path's words (getAdminSessions). */
function operationIdOf(method: string, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1));
  return method + words.join('');
}

/** OpenAPI 3.1, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: Route[], prefix: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const { def } of routes) {
    const path = `${prefix}${def.path}`.replace(/:(\w+)/g, '{$1}');
    const success = String(def.status ?? (def.response ? 200 : 204));
    const operation: ZodOpenApiOperationObject = {
      operationId: operationIdOf(def.method, def.path),
      summary: def.summary,
      ...(def.token ? { description: `With an API token: needs the \`${def.token}\` scope.` } : {}),
      tags: [def.tag],
      ...securityOf(def.access),
      // The scope a bearer token needs here (403 INSUFFICIENT_SCOPE without it).
      ...(def.token ? { 'x-required-scope': def.token } : {}),
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
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'gh_pat_',
          description:
            'An API token (Authorization: Bearer gh_pat_…), created by an owner at /admin/api-tokens; no cookie, no CSRF header',
        },
      },
    },
    paths,
  });
}
