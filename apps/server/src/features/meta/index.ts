/** Health probes and the OpenAPI document. */
export { openApiDocument } from './openapi.js';
export { mountHealth } from './routes.js';
