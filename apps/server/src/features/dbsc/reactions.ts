import { alertScopeOf, raiseAlert } from '../../alerts/index.js';
import { type Reaction, reaction } from '../../http/reactions.js';

export const dbscReactions: readonly Reaction[] = [
  // A refresh signed by another key ended the session: the cookie was copied, not the key.
  reaction('DBSC_KEY_MISMATCH', async (event, ctx) => {
    if (!event.actorUserId) return;
    await raiseAlert(ctx.db, alertScopeOf(ctx), {
      type: 'device_key_mismatch',
      user: { id: event.actorUserId },
      origin: {
        ip: event.ip,
        country: event.country,
        city: event.city,
        device: event.metadata?.device ?? null,
        deviceIdHash: null,
      },
      summary:
        'A browser without this session’s device key used its cookie; the session was ended.',
      everyTime: true,
    });
  }),
];
