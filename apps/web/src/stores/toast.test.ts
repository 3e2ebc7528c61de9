import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_TOASTS, toast, useToasts } from './toast';

describe('toasts', () => {
  beforeEach(() => useToasts.setState({ toasts: [] }));

  it('shows a toast and dismisses it by id', () => {
    const id = toast('User created', 'success');
    expect(useToasts.getState().toasts).toEqual([{ id, tone: 'success', message: 'User created' }]);
    useToasts.getState().dismiss(id);
    expect(useToasts.getState().toasts).toEqual([]);
  });

  it(`keeps only the newest ${MAX_TOASTS}`, () => {
    for (let i = 1; i <= MAX_TOASTS + 2; i++) toast(`notice ${i}`);
    const messages = useToasts.getState().toasts.map((t) => t.message);
    expect(messages).toEqual(['notice 3', 'notice 4', 'notice 5']);
  });
});
