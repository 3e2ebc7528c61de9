import Bowser from 'bowser';
import type { DeviceInfo } from '../db/schema/sessions.js';

export type { DeviceInfo };

/** The UA Client Hints a browser may send (after we ask for them with Accept-CH). */
export interface UaHints {
  secChUa?: string | undefined;
  secChUaMobile?: string | undefined;
  secChUaPlatform?: string | undefined;
  secChUaPlatformVersion?: string | undefined;
  secChUaModel?: string | undefined;
}

export const ACCEPT_CH =
  'Sec-CH-UA, Sec-CH-UA-Mobile, Sec-CH-UA-Platform, Sec-CH-UA-Platform-Version, Sec-CH-UA-Model';

const BROWSER_NAMES: Record<string, string> = {
  'Microsoft Edge': 'Edge',
  'Samsung Internet for Android': 'Samsung Internet',
  'Opera Touch': 'Opera',
  'Yandex Browser': 'Yandex',
  'Internet Explorer': 'Internet Explorer',
  Chromium: 'Chromium',
};

const OS_NAMES: Record<string, string> = { 'Chrome OS': 'ChromeOS' };

/** `"Chromium";v="124", "Google Chrome";v="124"` → brands, per RFC 8941 list syntax. */
function parseBrands(header: string): { brand: string; version: string }[] {
  const brands: { brand: string; version: string }[] = [];
  for (const match of header.matchAll(/"([^"]*)"\s*;\s*v\s*=\s*"([^"]*)"/g)) {
    brands.push({ brand: match[1] ?? '', version: match[2] ?? '' });
  }
  return brands;
}

const unquote = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : value.replace(/^"|"$/g, '');

function toBowserHints(hints: UaHints): Bowser.ClientHints | undefined {
  if (!hints.secChUa && !hints.secChUaPlatform) return undefined;
  const result: Bowser.ClientHints = {};
  if (hints.secChUa) result.brands = parseBrands(hints.secChUa);
  if (hints.secChUaMobile) result.mobile = hints.secChUaMobile.trim() === '?1';
  const platform = unquote(hints.secChUaPlatform);
  if (platform) result.platform = platform;
  const version = unquote(hints.secChUaPlatformVersion);
  if (version) result.platformVersion = version;
  const model = unquote(hints.secChUaModel);
  if (model) result.model = model;
  return result;
}

/** Where the OS is iOS/iPadOS, people name the device rather than the OS. */
function placeName(os: string, platformType: string, ua: string): string {
  if (os === 'iOS' || os === 'iPadOS') {
    if (/iPad/.test(ua) || platformType === 'tablet') return 'iPad';
    if (/iPod/.test(ua)) return 'iPod';
    return 'iPhone';
  }
  return OS_NAMES[os] ?? os;
}

const DESKTOP_OSES = new Set(['Windows', 'macOS', 'Linux', 'Chrome OS', 'ChromeOS']);

function deviceType(
  platformType: string | undefined,
  os: string,
  mobileHint: boolean | undefined,
): DeviceInfo['type'] {
  if (platformType === 'mobile' || platformType === 'tablet' || platformType === 'desktop')
    return platformType;
  if (mobileHint !== undefined) return mobileHint ? 'mobile' : 'desktop';
  return DESKTOP_OSES.has(os) ? 'desktop' : 'unknown';
}

/** "Chrome on macOS", "Safari on iPhone": browser, OS and type from the User-Agent and hints. */
export function describeDevice(userAgent: string | null, hints: UaHints = {}): DeviceInfo {
  const ua = userAgent ?? '';
  if (!ua && !hints.secChUa)
    return { label: 'Unknown device', browser: 'Unknown', os: 'Unknown', type: 'unknown' };
  const clientHints = toBowserHints(hints);
  const result = Bowser.parse(ua, clientHints);
  const rawBrowser = result.browser.name ?? 'Unknown browser';
  const browser = BROWSER_NAMES[rawBrowser] ?? rawBrowser;
  // Reduced User-Agents freeze the OS ("Windows NT 10.0"); the platform hint is the truth.
  const os = clientHints?.platform || result.os.name || 'Unknown OS';
  const type = deviceType(result.platform.type, os, clientHints?.mobile);
  const place = placeName(os, result.platform.type ?? '', ua);
  return { label: `${browser} on ${place}`, browser, os: OS_NAMES[os] ?? os, type };
}
