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
/** The application_name of the LISTEN connection (operators and tests can find it by it). */
export const LISTEN_APPLICATION = 'gatehouse-listen';

const quoted = (channel: string): string => `"${channel.replace(/"/g, '""')}"`;

/**
 * One dedicated connection per process that LISTENs on every channel the app subscribes to, and
 * reconnects with backoff when it is lost (the subscribers are told: they fail closed meanwhile).
 *
 * `caughtUp()` resolves once this connection has heard every NOTIFY committed before the call
 * (decision 020): it NOTIFYs a probe on a channel only it listens on and waits for the probe to
 * come back. Postgres queues notifications in commit order and a listener reads its queue in
 * order, so the probe arrives after everything committed before it was sent. Concurrent callers
 * share round trips: a call joins the next probe, never one already sent before it.
 */
export class PostgresListener {
  private client: pg.Client | undefined;
  private readonly subscribers = new Map<string, Set<ListenHandlers>>();
  private stopped = false;
  private delay = RECONNECT_MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  /** Probes go to a channel only this connection listens on: other instances never hear them. */
  private readonly probeChannel = `gh_probe_${randomBytes(6).toString('hex')}`;
  private probeSequence = 0;
  private readonly probes = new Map<string, () => void>();
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly url: string) {}

  /** Subscribes to a channel; resolves (listening) to a function that unsubscribes. */
  async listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>> {
    this.stopped = false;
    let set = this.subscribers.get(channel);
    const fresh = !set;
    if (!set) {
      set = new Set();
      this.subscribers.set(channel, set);
    }
    set.add(handlers);
    if (this.reconnecting) {
      // Down and retrying: this subscriber fails closed too, and hears onUp with the others.
      handlers.onDown();
    } else if (!this.client) {
      this.starting ??= this.connect().finally(() => {
        this.starting = undefined;
      });
      await this.starting;
    } else if (fresh) {
      await this.client.query(`LISTEN ${quoted(channel)}`);
    }
    return async () => {
      const current = this.subscribers.get(channel);
      current?.delete(handlers);
      if (current && current.size === 0) {
        this.subscribers.delete(channel);
        await this.client?.query(`UNLISTEN ${quoted(channel)}`).catch(() => undefined);
      }
      if (this.subscribers.size === 0) await this.stop();
    };
  }

  caughtUp(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.roundTrip().finally(() => {
        this.inFlight = undefined;
      });
      return this.inFlight;
    }
    // The probe under way was sent before this call: wait for the next one, shared by everyone
    // who arrives meanwhile.
    this.queued ??= this.inFlight.then(() => {
      this.queued = undefined;
      return this.caughtUp();
    });
    return this.queued;
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reconnecting = false;
    clearTimeout(this.timer);
    const current = this.client;
    this.client = undefined;
    this.releaseProbes();
    await current?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const next = new pg.Client({
      connectionString: this.url,
      application_name: LISTEN_APPLICATION,
    });
    next.on('notification', (msg) => {
      if (msg.channel === this.probeChannel) {
        this.probes.get(msg.payload ?? '')?.();
        return;
      }
      for (const handlers of this.subscribers.get(msg.channel) ?? [])
        handlers.onMessage(msg.payload ?? '');
    });
    const lost = (): void => {
      if (this.client !== next) return;
      this.client = undefined;
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      // Nothing will come back on this connection: whoever waits goes on (the caches are off).
      this.releaseProbes();
      if (this.stopped) return;
      for (const handlers of this.allHandlers()) handlers.onDown();
      this.scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', lost);
    try {
      await next.connect();
      const channels = [...this.subscribers.keys(), this.probeChannel];
      // A probe is a transaction of its own (NOTIFY takes an xid): it need not wait for its
      // commit record to reach the disk, only for its place in the notification queue.
      const setUp = [
        'SET synchronous_commit TO off;',
        ...channels.map((c) => `LISTEN ${quoted(c)};`),
      ];
      await next.query(setUp.join(' '));
    } catch (err: unknown) {
      next.removeAllListeners();
      next.on('error', () => undefined);
      await next.end().catch(() => undefined);
      throw err;
    }
    this.client = next;
    this.dropClient = lost;
    this.delay = RECONNECT_MIN_MS;
  }

  private dropClient: (() => void) | undefined;

  private reconnecting = false;

  private scheduleReconnect(): void {
    this.reconnecting = true;
    this.timer = setTimeout(() => {
      this.connect()
        .then(() => {
          this.reconnecting = false;
          for (const handlers of this.allHandlers()) handlers.onUp();
        })
        .catch(() => {
          this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
          if (!this.stopped) this.scheduleReconnect();
        });
    }, this.delay);
  }

  private allHandlers(): ListenHandlers[] {
    return [...this.subscribers.values()].flatMap((set) => [...set]);
  }

  private releaseProbes(): void {
    for (const release of [...this.probes.values()]) release();
  }

  /** One probe: NOTIFY on the own channel, resolved when it comes back (or the link is lost). */
  private roundTrip(): Promise<void> {
    const current = this.client;
    // Down: the caches serve nothing from memory until onUp, so there is nothing to catch up on.
    if (!current) return Promise.resolve();
    this.probeSequence += 1;
    const tag = this.probeSequence.toString(36);
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(deadline);
        this.probes.delete(tag);
        resolve();
      };
      const deadline = setTimeout(() => {
        done();
        // Silent for too long: treat the connection as lost, so the caches fail closed.
        if (this.client === current) this.dropClient?.();
      }, CATCH_UP_TIMEOUT_MS);
      this.probes.set(tag, done);
      // The simple protocol, one message: the channel and tag are our own [a-z0-9_] names.
      current.query(`NOTIFY ${this.probeChannel}, '${tag}'`).catch(() => done());
    });
  }
}
