import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export interface GatehouseClientOptions {
  /** The app's origin, e.g. `https://gatehouse.example.com` (paths start with `/api`). */
  baseUrl: string;
  /** An API token (`gh_pat_…`) created by an owner at /admin/api-tokens. */
  token: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export type GatehouseClient = Client<paths>;

/**
 * A typed client of the Gatehouse admin API, generated from its OpenAPI document: every call
 * sends `Authorization: Bearer <token>` (no cookies, no CSRF header).
 */
export function createGatehouseClient(options: GatehouseClientOptions): GatehouseClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { Authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
