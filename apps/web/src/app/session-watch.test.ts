import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAuth } from '../stores/auth';
import { checkSession } from './session-watch';

const answer = (status: number, body: object) =>
  vi.fn(
    async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }),
  );

describe('checkSession', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks passively, so an open tab is not activity that keeps an idle session alive', async () => {
    const fetchMock = answer(401, { error: 'UNAUTHENTICATED', message: 'x', reason: 'no_session' });
    vi.stubGlobal('fetch', fetchMock);
    await checkSession();
    const init = fetchMock.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get('X-Session-Check')).toBe('passive');
  });

  it('signs the tab out when the org’s rules now block its network', async () => {
    useAuth.setState({ status: 'signed-in', reason: null });
    vi.stubGlobal('fetch', answer(403, { error: 'IP_BLOCKED', message: 'Blocked', ip: null }));
    await checkSession();
    expect(useAuth.getState()).toMatchObject({ status: 'signed-out', reason: 'ip_blocked' });
  });
});
