import { randomBytes } from 'node:crypto';
import { parse as parseCookieHeader } from 'cookie';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
import { type DeviceInfo, describeDevice } from '../core/device.js';
import type { GeoLookup } from '../core/geo.js';
import { type GeoPoint, geoFromProxyHeaders } from '../core/geo.js';
import type { Keys } from '../core/keys.js';

/** What reading a client needs of the app's dependencies (AppDeps has them). */
interface ClientDeps {
  keys: Keys;
  config: AppConfig;
  geo: GeoLookup;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** What a sign-in records about where it came from. */
export interface SignInClient extends ClientInfo {
  device: DeviceInfo;
  geo: GeoPoint | null;
  /** The browser's `gh_device` id, keyed-hashed (what known_devices stores). */
  deviceIdHash: string;
  /** The same under the current and the previous key, while a rotation is under way. */
  deviceIdHashes: string[];
  /** The request carried a `gh_device` cookie (it may have signed in here before). */
  hasDeviceCookie: boolean;
}

/** `req.ip` honours the app's trust-proxy setting, so forwarded headers count only from trusted proxies. */
export function clientInfo(req: Request): ClientInfo {
  const userAgent = req.get('user-agent');
  return { ip: req.ip ?? null, userAgent: userAgent ? userAgent.slice(0, 512) : null };
}

/**
 * The same, read on first use: most reads never need it, and `req.ip` walks the forwarded chain.
 * Getters of the object itself, so a spread still copies the values.
 */
export function lazyClientInfo(req: Request): ClientInfo {
  let read: ClientInfo | undefined;
  return {
    get ip() {
      read ??= clientInfo(req);
      return read.ip;
    },
    get userAgent() {
      read ??= clientInfo(req);
      return read.userAgent;
    },
  };
}

/**
 * The request's cookies, parsed by `cookie` (the parser cookie-parser uses): on first use only,
 * since most requests read one cookie at most.
 */
export function parseCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookieHeader(header) : {};
}

export const DEVICE_COOKIE = 'gh_device';
const DEVICE_COOKIE_MAX_AGE_MS = 400 * 24 * 60 * 60 * 1000;
const deviceId = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);

/** The request's `gh_device` id, when it carries a well-formed one. */
function deviceIdOf(req: Request): string | undefined {
  const cookies = z.record(z.string(), z.unknown()).safeParse(req.cookies);
  const existing = deviceId.safeParse(cookies.success ? cookies.data[DEVICE_COOKIE] : undefined);
  return existing.success ? existing.data : undefined;
}

/**
 * The request's `gh_device` id, keyed-hashed under the current and the previous key, or none;
 * read only (a request that is not a sign-in never gets the cookie).
 */
export function deviceIdHashesOf(req: Request, deps: ClientDeps): string[] {
  const id = deviceIdOf(req);
  return id ? deps.keys.deviceId.digests(id) : [];
}

/** Device, place and the long-lived browser id of a sign-in; sets `gh_device` when missing. */
export function signInClient(req: Request, res: Response, deps: ClientDeps): SignInClient {
  const base = clientInfo(req);
  const device = describeDevice(base.userAgent, {
    secChUa: req.get('sec-ch-ua'),
    secChUaMobile: req.get('sec-ch-ua-mobile'),
    secChUaPlatform: req.get('sec-ch-ua-platform'),
    secChUaPlatformVersion: req.get('sec-ch-ua-platform-version'),
    secChUaModel: req.get('sec-ch-ua-model'),
  });
  let id = deviceIdOf(req);
  const hasDeviceCookie = id !== undefined;
  if (!id) {
    id = randomBytes(24).toString('base64url');
    res.cookie(DEVICE_COOKIE, id, {
      httpOnly: true,
      secure: deps.config.appUrl.protocol === 'https:',
      sameSite: 'lax',
      path: '/',
      maxAge: DEVICE_COOKIE_MAX_AGE_MS,
    });
  }
  return {
    ...base,
    device,
    geo: geoOf(req, deps, base.ip),
    deviceIdHash: deps.keys.deviceId.sign(id),
    deviceIdHashes: deps.keys.deviceId.digests(id),
    hasDeviceCookie,
  };
}

/**
 * A trusted proxy's geo headers win, but only those TRUST_GEO_HEADERS names: a proxy that passes
 * a client's own `CF-IPCountry` through would otherwise let anyone choose their country (and so
 * dodge or trigger the new-country and travel alerts). Otherwise the GeoIP database, if any.
 */
export function geoOf(req: Request, deps: ClientDeps, ip: string | null): GeoPoint | null {
  const believed = deps.config.trustGeoHeaders;
  if (believed.length > 0 && isPeerTrusted(req)) {
    const fromProxy = geoFromProxyHeaders((name) =>
      believed.includes(name) ? req.get(name) : undefined,
    );
    if (fromProxy) return fromProxy;
  }
  return deps.geo.lookup(ip);
}

/** The socket's peer is a proxy TRUST_PROXY trusts (Express's compiled trust function). */
function isPeerTrusted(req: Request): boolean {
  const trust: unknown = req.app.get('trust proxy fn');
  const peer = req.socket.remoteAddress;
  return typeof trust === 'function' && peer !== undefined && trust(peer, 0) === true;
}
