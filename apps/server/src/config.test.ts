import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'gh-config-'));

describe('loadConfig', () => {
  it('defaults to port 3000 on embedded PGlite with a generated secret kept on disk', () => {
    const dataDir = dir();
    const config = loadConfig({}, dataDir);
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ driver: 'pglite', dir: '.data/pglite' });
    expect(config.seedDemo).toBe(true);
    expect(readFileSync(path.join(dataDir, 'secret'), 'utf8')).toBe(config.appSecret);
    expect(loadConfig({}, dataDir).appSecret).toBe(config.appSecret);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://nope' }],
    ['APP_SECRET', { APP_SECRET: 'short' }],
    ['APP_URL', { APP_URL: 'not a url' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
  ])('stops with a message naming %s', (name, env) => {
    expect(() => loadConfig(env, dir())).toThrow(ConfigError);
    expect(() => loadConfig(env, dir())).toThrow(new RegExp(name));
  });

  it('follows PORT for APP_URL when APP_URL is unset', () => {
    expect(loadConfig({ PORT: '3900' }, dir()).appUrl.origin).toBe('http://localhost:3900');
    expect(loadConfig({}, dir()).appUrl.origin).toBe('http://localhost:3000');
    const both = loadConfig({ PORT: '3900', APP_URL: 'https://id.example.com' }, dir());
    expect(both.appUrl.origin).toBe('https://id.example.com');
  });

  it('takes DATABASE_LISTEN_URL beside DATABASE_URL, and refuses it alone', () => {
    const env = {
      DATABASE_URL: 'postgres://u@pooler:6432/db',
      DATABASE_LISTEN_URL: 'postgres://u@primary:5432/db',
    };
    expect(loadConfig(env, dir()).database).toEqual({
      driver: 'postgres',
      url: 'postgres://u@pooler:6432/db',
      listenUrl: 'postgres://u@primary:5432/db',
    });
    expect(() => loadConfig({ DATABASE_LISTEN_URL: env.DATABASE_LISTEN_URL }, dir())).toThrow(
      /DATABASE_LISTEN_URL/,
    );
    expect(() => loadConfig({ ...env, DATABASE_LISTEN_URL: 'mysql://x' }, dir())).toThrow(
      /DATABASE_LISTEN_URL/,
    );
  });

  it('requires APP_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, dir())).toThrow(/APP_SECRET/);
  });

  it('treats an empty variable as unset and uses Postgres when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: '' }, dir()).database.driver).toBe('pglite');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, dir()).database).toEqual({
      driver: 'postgres',
      url: 'postgres://u@h/db',
    });
  });

  describe('demo data in production', () => {
    const prod = { NODE_ENV: 'production', APP_SECRET: 'p'.repeat(40) };

    it('is never seeded unless SEED_DEMO=1 is set', () => {
      expect(loadConfig(prod, dir()).seedDemo).toBe(false);
      expect(loadConfig({ ...prod, SEED_DEMO: '0' }, dir()).seedDemo).toBe(false);
    });

    it('refuses to start with SEED_DEMO=1 and the published DEMO_PASSWORD', () => {
      expect(() => loadConfig({ ...prod, SEED_DEMO: '1' }, dir())).toThrow(/DEMO_PASSWORD/);
      expect(
        loadConfig({ ...prod, SEED_DEMO: '1', DEMO_PASSWORD: 'a-private-demo-passphrase' }, dir())
          .seedDemo,
      ).toBe(true);
    });

    it('seeds by default outside production', () => {
      expect(loadConfig({}, dir()).seedDemo).toBe(true);
    });
  });

  describe('TRUST_GEO_HEADERS', () => {
    it('believes no geo header when unset', () => {
      expect(loadConfig({}, dir()).trustGeoHeaders).toEqual([]);
    });

    it('reads a comma-separated list of header names, case-insensitively', () => {
      const config = loadConfig(
        { TRUST_GEO_HEADERS: 'CF-IPCountry, cf-ipcity,,cf-ipcountry' },
        dir(),
      );
      expect(config.trustGeoHeaders).toEqual(['cf-ipcountry', 'cf-ipcity']);
    });

    it('stops on a name that is not a geo header it knows', () => {
      expect(() => loadConfig({ TRUST_GEO_HEADERS: 'cf-ipcountry,x-real-ip' }, dir())).toThrow(
        /TRUST_GEO_HEADERS/,
      );
    });
  });
});
