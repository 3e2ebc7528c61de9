import type { MeResponse } from '@gatehouse/shared';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meQuery } from '../api/auth';
import { queryKeys } from '../api/keys';
import { useAuth } from '../stores/auth';
import { useSessionExpiry } from '../stores/session-expiry';
import { connectAuthStore } from './auth-sync';

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
