import { permissionsOf } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import { visibleNav } from './nav';

const labels = (role: 'owner' | 'admin' | 'member') =>
  visibleNav(permissionsOf(role)).map((i) => i.label);

describe('visibleNav', () => {
  it('shows members only their own pages', () => {
    expect(labels('member')).toEqual(['Documents', 'Security']);
  });
  it('adds Team, Org sessions, IP rules, Audit log and Alerts for admins, and Session security and API tokens for owners', () => {
    expect(labels('admin')).toEqual([
      'Documents',
      'Security',
      'Team',
      'Org sessions',
      'IP rules',
      'Audit log',
      'Alerts',
    ]);
    expect(labels('owner')).toEqual([
      'Documents',
      'Security',
      'Team',
      'Org sessions',
      'IP rules',
      'Session security',
      'API tokens',
      'Audit log',
      'Alerts',
    ]);
  });
});
