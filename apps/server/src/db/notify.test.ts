import { describe, expect, it } from 'vitest';
import { collectingNotifications, HeardPayloads, notify, topicOf } from './notify.js';

/** `notify` only runs `select pg_notify(…)`; what it sends is what this test reads. */
const db = { execute: async () => ({ rows: [] }) } as unknown as Parameters<typeof notify>[0];

describe('notify', () => {
  it('tags each message, so two writes about one user are two payloads with one topic', async () => {
    const [, sent] = await collectingNotifications(async () => {
      await notify(db, 'gh_sessions', 'u:42');
      await notify(db, 'gh_sessions', 'u:42');
    });
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
    expect(sent.map(topicOf)).toEqual(['u:42', 'u:42']);
  });
});

describe('HeardPayloads', () => {
  it('keeps a writer waiting for its own message when an earlier one on the same topic was heard', async () => {
    const heard = new HeardPayloads(() => true);
    const [, first] = await collectingNotifications(() => notify(db, 'c', 'u:42'));
    const [, second] = await collectingNotifications(() => notify(db, 'c', 'u:42'));
    heard.remember(first[0] as string);

    let done = false;
    const waiting = heard.whenHeard(second, 60_000).then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);

    heard.remember(second[0] as string);
    await waiting;
    expect(done).toBe(true);
  });

  it('does not wait while nothing is listening', async () => {
    const heard = new HeardPayloads(() => false);
    await expect(heard.whenHeard(['u:1#x'], 60_000)).resolves.toBeUndefined();
  });
});
