import { describe, expect, it } from 'vitest';
import { rememberReturnPath, takeReturnPath } from './return-path';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const origin = 'https://gatehouse.example';

describe('return path', () => {
  it('gives back the page the admin left, once', () => {
    const storage = memoryStorage();
    rememberReturnPath('/admin/users?q=maya', storage);
    expect(takeReturnPath('/admin/users', origin, storage)).toBe('/admin/users?q=maya');
    expect(takeReturnPath('/admin/users', origin, storage)).toBe('/admin/users');
  });

  it('falls back when nothing was remembered or there is no storage', () => {
    expect(takeReturnPath('/admin/users', origin, memoryStorage())).toBe('/admin/users');
    expect(takeReturnPath('/admin/users', origin, null)).toBe('/admin/users');
  });

  it('never leaves the origin, whatever the storage holds', () => {
    const storage = memoryStorage();
    rememberReturnPath('//evil.test/phish', storage);
    expect(takeReturnPath('/admin/users', origin, storage)).toBe('/');
  });
});
