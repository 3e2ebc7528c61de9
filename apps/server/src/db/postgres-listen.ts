import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ListenHandlers {
  onMessage(payload: string): void;
  /** The listening connection is gone: messages may be missed until onUp. */
  onDown(): void;
  /** Listening again after onDown. */
  onUp(): void;
}

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** A catch-up probe not heard back within this is a dead connection: drop it (fail closed). */
export const CATCH_UP_TIMEOUT_MS = 2_000;

/** The application_name of every LISTEN connection (operators and tests can find them by it). */
export const LISTEN_APPLICATION = 'gatehouse-listen';

/** A LISTEN connection the app can ask "have you heard everything committed until now?". */
export interface Listening {
  stop(): Promise<void>;
  /**
   * Resolves once this connection has heard every NOTIFY committed before the call (decision
   * 020): it NOTIFYs a probe on a channel of its own and waits for it to come back. Postgres
   * queues notifications in commit order and a listener reads its queue in order, so the probe
   * arrives after everything committed before it. Concurrent callers share round trips: a call
   * joins the next probe, never one already sent before it.
   */
  caughtUp(): Promise<void>;
}

/** A dedicated connection that LISTENs, and reconnects with backoff when it is lost. */
export async function listenPostgres(
  url: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<Listening> {
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  // Probes go to a channel only this connection listens on: other instances never hear them.
  const probeChannel = `gh_probe_${randomBytes(6).toString('hex')}`;
  let probeSequence = 0;
  const probes = new Map<string, () => void>();
  let drop: (() => void) | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: LISTEN_APPLICATION });
    next.on('notification', (msg) => {
      if (msg.channel === channel) handlers.onMessage(msg.payload ?? '');
      else if (msg.channel === probeChannel) probes.get(msg.payload ?? '')?.();
    });
    const lost = (): void => {
      if (client !== next) return;
      client = undefined;
      drop = undefined;
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      // Nothing will come back on this connection: whoever waits goes on (the cache is off now).
      for (const release of [...probes.values()]) release();
      if (stopped) return;
      handlers.onDown();
      scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', lost);
    await next.connect();
    await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    await next.query(`LISTEN "${probeChannel}"`);
    client = next;
    drop = lost;
    delay = RECONNECT_MIN_MS;
  };

  const scheduleReconnect = (): void => {
    timer = setTimeout(() => {
      connect()
        .then(() => handlers.onUp())
        .catch(() => {
          delay = Math.min(delay * 2, RECONNECT_MAX_MS);
          if (!stopped) scheduleReconnect();
        });
    }, delay);
  };

  /** One probe: NOTIFY on the own channel, resolved when it comes back (or the link is lost). */
  const roundTrip = (): Promise<void> => {
    const current = client;
    // Down: the caches serve nothing from memory until onUp, so there is nothing to catch up on.
    if (!current) return Promise.resolve();
    probeSequence += 1;
    const tag = probeSequence.toString(36);
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(deadline);
        probes.delete(tag);
        resolve();
      };
      const deadline = setTimeout(() => {
        done();
        // Silent for too long: treat the connection as lost, so the caches fail closed.
        if (client === current) drop?.();
      }, CATCH_UP_TIMEOUT_MS);
      probes.set(tag, done);
      current.query('select pg_notify($1, $2)', [probeChannel, tag]).catch(() => done());
    });
  };

  let inFlight: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const caughtUp = (): Promise<void> => {
    if (!inFlight) {
      inFlight = roundTrip().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    }
    // The probe under way was sent before this call: wait for the next one, shared by everyone
    // who arrives meanwhile.
    queued ??= inFlight.then(() => {
      queued = undefined;
      return caughtUp();
    });
    return queued;
  };

  await connect();
  return {
    caughtUp,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
