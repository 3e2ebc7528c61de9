import { describe, expect, it } from 'vitest';
import { type EmailStore, forgetEmail, lastEmail, rememberEmail } from './last-email';

function memoryStore(): EmailStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const refusing: EmailStore = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

describe('the last email that signed in on this browser', () => {
  it('is remembered (trimmed) and offered again', () => {
    const store = memoryStore();
    expect(lastEmail(store)).toBe('');
    rememberEmail(store, '  ann@example.test ');
    expect(lastEmail(store)).toBe('ann@example.test');
    rememberEmail(store, 'bob@example.test');
    expect(lastEmail(store)).toBe('bob@example.test');
  });

  it('is forgotten on an explicit sign-out', () => {
    const store = memoryStore();
    rememberEmail(store, 'ann@example.test');
    forgetEmail(store);
    expect(lastEmail(store)).toBe('');
  });

  it('keeps only what looks like an email, whatever else sits in storage', () => {
    const store = memoryStore();
    rememberEmail(store, 'not an email');
    expect(store.items.size).toBe(0);
    store.items.set('gatehouse-last-email', `${'x'.repeat(300)}@example.test`);
    expect(lastEmail(store)).toBe('');
    store.items.set('gatehouse-last-email', '<script>@x');
    expect(lastEmail(store)).toBe('<script>@x'); // rendered as an input's value, never as markup
  });

  it('never breaks sign-in when the browser refuses storage', () => {
    expect(() => rememberEmail(refusing, 'ann@example.test')).not.toThrow();
    expect(lastEmail(refusing)).toBe('');
    expect(() => forgetEmail(refusing)).not.toThrow();
  });
});
