import { permissionsOf } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import { visibleNav } from './nav';

const groups = (role: 'owner' | 'admin' | 'member') =>
  visibleNav(permissionsOf(role)).map((g) => [g.label, g.items.map((i) => i.label)]);

describe('visibleNav', () => {
  it('shows members their Account group only', () => {
    expect(groups('member')).toEqual([['Account', ['Security']]]);
  });

  it('adds the Organisation group: what admins may see, and Session security and API tokens for owners', () => {
    expect(groups('admin')).toEqual([
      ['Account', ['Security']],
      ['Organisation', ['Team', 'Sessions', 'IP rules', 'Audit log', 'Alerts']],
    ]);
    expect(groups('owner')).toEqual([
      ['Account', ['Security']],
      [
        'Organisation',
        ['Team', 'Sessions', 'Session security', 'IP rules', 'API tokens', 'Audit log', 'Alerts'],
      ],
    ]);
  });
});
