import type { MeResponse } from '@gatehouse/shared';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { meQuery } from '../api/auth';
import { ApiError } from '../api/errors';
import { queryKeys } from '../api/keys';
import { ANONYMOUS_QUERY } from '../api/query-client';
import { useAuth } from '../stores/auth';
import { useSessionExpiry } from '../stores/session-expiry';
import { connectAuthStore, signedOutReason } from './auth-sync';

const me: MeResponse = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'ann@example.test',
    name: 'Ann',
    role: 'owner',
    permissions: [],
    mfaEnabled: false,
  },
  org: { id: '00000000-0000-4000-8000-000000000002', name: 'Initech', slug: 'initech' },
  session: {
    id: '00000000-0000-4000-8000-000000000003',
    createdAt: '2026-12-01T10:00:00.000Z',
    idleExpiresAt: '2026-12-01T10:30:00.000Z',
    absoluteExpiresAt: '2026-12-01T22:00:00.000Z',
  },
  csrfToken: 'csrf',
  impersonation: null,
};

describe('connectAuthStore', () => {
  let client: QueryClient;
  let disconnect: () => void;
  beforeEach(() => {
    useAuth.setState({ status: 'loading', me: null, reason: null });
    client = new QueryClient();
    disconnect = connectAuthStore(client);
  });
  afterEach(() => disconnect());

  it('signs the store in with whatever `me` the cache receives', () => {
    client.setQueryData(meQuery.queryKey, me);
    expect(useAuth.getState()).toMatchObject({ status: 'signed-in', me });
    const enrolled = { ...me, user: { ...me.user, mfaEnabled: true } };
    client.setQueryData(meQuery.queryKey, enrolled);
    expect(useAuth.getState().me?.user.mfaEnabled).toBe(true);
  });

  it('empties every cache and the expiry warning at sign-out', () => {
    client.setQueryData(meQuery.queryKey, me);
    client.setQueryData(queryKeys.sessions, { sessions: [], currentSessionId: me.session.id });
    useSessionExpiry.getState().update({ ...me.session, skewMs: 0 });
    useAuth.getState().signedOut('session_revoked');
    expect(client.getQueryCache().getAll()).toEqual([]);
    expect(useSessionExpiry.getState().times).toBeNull();
    expect(useAuth.getState()).toMatchObject({ status: 'signed-out', reason: 'session_revoked' });
  });
});

describe('signedOutReason (the start-up probe)', () => {
  const unauthenticated = (reason?: string) =>
    new ApiError(401, 'UNAUTHENTICATED', 'Sign in', {
      error: 'UNAUTHENTICATED',
      message: 'Sign in',
      ...(reason ? { reason: reason as 'session_expired' } : {}),
    });

  it('keeps the reason a 401 gives, so a reload still says why the session ended', () => {
    for (const reason of [
      'session_expired',
      'session_revoked',
      'session_invalidated',
      'forced_logout',
      'password_changed',
    ])
      expect(signedOutReason(unauthenticated(reason))).toBe(reason);
  });

  it('says ip_blocked for a 403 IP_BLOCKED', () => {
    const blocked = new ApiError(403, 'IP_BLOCKED', 'Blocked', {
      error: 'IP_BLOCKED',
      message: 'Blocked',
    });
    expect(signedOutReason(blocked)).toBe('ip_blocked');
  });

  it('gives no reason to a browser that simply has no session, or when the probe failed', () => {
    expect(signedOutReason(unauthenticated('no_session'))).toBeUndefined();
    expect(signedOutReason(unauthenticated())).toBeUndefined();
    expect(signedOutReason(new ApiError(0, 'NETWORK', 'offline'))).toBeUndefined();
    expect(signedOutReason(new Error('boom'))).toBeUndefined();
  });
});

describe('an anonymous page at start-up', () => {
  it('keeps its data loading while the start-up probe finds no session (no endless spinner)', async () => {
    useAuth.setState({ status: 'loading', me: null, reason: null });
    const client = new QueryClient();
    const disconnect = connectAuthStore(client);
    let answer: (mail: { messages: never[] }) => void = () => undefined;
    const observer = new QueryObserver(client, {
      ...ANONYMOUS_QUERY,
      queryKey: queryKeys.devMail,
      queryFn: () => new Promise<{ messages: never[] }>((resolve) => (answer = resolve)),
    });
    const unsubscribe = observer.subscribe(() => undefined);
    useAuth.getState().signedOut();
    answer({ messages: [] });
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toEqual({ messages: [] }));
    unsubscribe();
    disconnect();
  });
});
