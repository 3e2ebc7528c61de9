import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { ACCEPT_CH } from '../core/device.js';

/**
 * Helmet's headers (CSP, frame and referrer policies…) plus Accept-CH, which asks browsers for UA
 * Client Hints so reduced User-Agents still name the platform. None depends on the request, so
 * helmet runs once, here, and each answer gets the list instead of a dozen middlewares.
 */
export function securityHeaders(https: boolean): [string, string][] {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https,
  });
  const recorder = new HeaderRecorder(new IncomingMessage(new Socket()));
  let failure: unknown;
  middleware(recorder.req, recorder, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined) throw failure;
  return [...recorder.headers, ['Accept-CH', ACCEPT_CH]];
}

/** A response that only notes the headers set on it, to run helmet once at start. */
class HeaderRecorder extends ServerResponse {
  readonly headers = new Map<string, string>();
  override setHeader(name: string, value: number | string | readonly string[]): this {
    this.headers.set(name, String(value));
    return this;
  }
}
