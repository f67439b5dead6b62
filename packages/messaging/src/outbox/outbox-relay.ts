import type { EventEnvelope } from "@ecommerce/contracts";
import pg from "pg";
import type { Logger } from "pino";
import type { EventBus } from "../event-bus.ts";
import { OUTBOX_CHANNEL } from "../migrations-dir.ts";

export interface OutboxRelayOptions {
  /** The service's own database (where appendToOutbox wrote). Give this or `pool`. */
  databaseUrl?: string;
  /** A pool to borrow instead (e.g. one with an Entra token password function); not ended by stop(). */
  pool?: pg.Pool;
  bus: Pick<EventBus, "publish">;
  logger: Logger;
  /** Rows per publish (default 200). */
  batchSize?: number;
  /** Fallback poll in case a notification is lost (default 5 s). */
  pollIntervalMs?: number;
  /** Sent rows are kept this long for inspection, then deleted (default 24 h). */
  sentRetentionMs?: number;
  /** Inbox rows of this database are deleted after this long (default 30 days). */
  inboxRetentionMs?: number;
  housekeepingIntervalMs?: number;
  /** Test seam: runs after a batch is published and before it is marked sent. */
  afterPublish?: (events: readonly EventEnvelope[]) => Promise<void>;
}

export interface RelayBatchResult {
  /** Rows published and marked sent. */
  published: number;
  /** Unsent rows this call locked (a full batch means more are waiting). */
  locked: number;
  /** Rows held back because an older row of their subject is being published by another relay. */
  deferred: number;
}

export interface RelayStopOptions {
  /**
   * After the batch in flight, keep publishing what is unsent for up to this long (default 0: no
   * final pass). At shutdown, once the consumers are drained, the events their handlers wrote go out
   * now instead of waiting for the next relay to start. A pass still running at the deadline is cut
   * after its batch; what it did not publish stays unsent, for the next relay.
   */
  finalPassMs?: number;
}

export interface OutboxBacklog {
  pending: number;
  /** Age of the oldest unsent row, 0 when none. */
  oldestPendingSeconds: number;
}

const DEFERRED_RETRY_MS = 25;
const MAX_BACKOFF_MS = 30_000;

/**
 * Publishes the outbox of one service database: woken by NOTIFY on commit (with a slow poll as a
 * floor), it locks a batch of unsent rows with FOR UPDATE SKIP LOCKED, publishes them in position
 * order and marks them sent in the same transaction. A crash between publish and commit leaves the
 * rows unsent, so they are published again (at least once; consumers dedupe with the inbox). Any
 * number of instances can run: each row is locked by one relay at a time, and a row is held back
 * while an older row of its subject is locked by another relay, so order per aggregate holds.
 */
export class OutboxRelay {
  readonly #options: Required<
    Pick<
      OutboxRelayOptions,
      "batchSize" | "pollIntervalMs" | "sentRetentionMs" | "inboxRetentionMs" | "housekeepingIntervalMs"
    >
  > &
    OutboxRelayOptions;
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #log: Logger;
  #running = false;
  #wanted = false;
  #loop: Promise<void> | undefined;
  #listener: pg.Client | undefined;
  #timers: NodeJS.Timeout[] = [];
  #wake: (() => void) | undefined;
  #failures = 0;
  #publishedTotal = 0;
  #poolEnded = false;

  constructor(options: OutboxRelayOptions) {
    if (!options.pool && !options.databaseUrl) throw new Error("OutboxRelay needs databaseUrl or pool");
    this.#options = {
      batchSize: 200,
      pollIntervalMs: 5_000,
      sentRetentionMs: 24 * 3600_000,
      inboxRetentionMs: 30 * 24 * 3600_000,
      housekeepingIntervalMs: 60_000,
      ...options,
    };
    this.#ownsPool = !options.pool;
    this.#pool =
      options.pool ??
      new pg.Pool({ connectionString: options.databaseUrl, max: 2, application_name: "outbox-relay" });
    this.#log = options.logger.child({ component: "outbox-relay" });
    if (this.#ownsPool)
      this.#pool.on("error", (err) => this.#log.warn({ err }, "idle outbox connection failed"));
  }

  get publishedTotal(): number {
    return this.#publishedTotal;
  }

  /** False while publishing keeps failing (for readiness). */
  get healthy(): boolean {
    return this.#running && this.#failures === 0;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#listen();
    this.#timers.push(setInterval(() => this.#kick(), this.#options.pollIntervalMs));
    this.#timers.push(setInterval(() => void this.#housekeeping(), this.#options.housekeepingIntervalMs));
    this.#kick();
  }

  /**
   * Stops after the batch in flight (and a final pass, if asked and it was running); ends the pool
   * it created (also when only relayOnce was used).
   */
  async stop(options: RelayStopOptions = {}): Promise<void> {
    const wasRunning = this.#running;
    this.#running = false;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.#wake?.();
    await this.#loop;
    if (wasRunning && options.finalPassMs) await this.#finalPass(options.finalPassMs);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
    if (this.#ownsPool && !this.#poolEnded) {
      this.#poolEnded = true;
      await this.#pool.end();
    }
  }

  /** Unsent rows, for readiness checks and metrics. */
  async backlog(): Promise<OutboxBacklog> {
    const { rows } = await this.#pool.query<{ pending: number; oldest: number | null }>(
      `SELECT count(*)::int AS pending, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest
       FROM messaging_outbox WHERE sent_at IS NULL`,
    );
    return { pending: rows[0]?.pending ?? 0, oldestPendingSeconds: Math.max(0, rows[0]?.oldest ?? 0) };
  }

  /** One batch: lock, publish, mark sent. Exposed for tests and one-shot tools. */
  async relayOnce(): Promise<RelayBatchResult> {
    const client = await this.#pool.connect();
    let failed = false;
    // A checked-out client has no pool listener: a connection dying mid-batch would otherwise be an
    // uncaught 'error' event. The query in flight rejects anyway, which is what the caller sees.
    const onError = (err: Error) => {
      failed = true;
      this.#log.warn({ err }, "outbox connection lost mid-batch");
    };
    client.on("error", onError);
    try {
      // BEGIN travels with the SELECT, and the UPDATE with COMMIT: two round trips per batch. Both
      // are simple queries (several statements, no parameters): the values inlined are integers.
      const batchSize = Math.trunc(this.#options.batchSize);
      const [, selected] = (await client.query(
        `BEGIN;
         WITH candidates AS (
           SELECT position, subject, envelope FROM messaging_outbox
           WHERE sent_at IS NULL ORDER BY position LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
         )
         SELECT c.position, c.envelope, NOT EXISTS (
           SELECT 1 FROM messaging_outbox o
           WHERE o.subject = c.subject AND o.sent_at IS NULL AND o.position < c.position
             AND o.position NOT IN (SELECT position FROM candidates)
         ) AS eligible
         FROM candidates c ORDER BY c.position`,
      )) as unknown as [
        unknown,
        pg.QueryResult<{ position: string; envelope: EventEnvelope; eligible: boolean }>,
      ];
      const rows = selected.rows;
      const eligible = rows.filter((row) => row.eligible);
      if (eligible.length > 0) {
        const events = eligible.map((row) => row.envelope);
        await this.#options.bus.publish(events);
        await this.#options.afterPublish?.(events);
      }
      const positions = eligible.map((row) => BigInt(row.position).toString()).join(",");
      await client.query(
        positions
          ? `UPDATE messaging_outbox SET sent_at = now() WHERE position IN (${positions}); COMMIT`
          : "COMMIT",
      );
      this.#publishedTotal += eligible.length;
      return { published: eligible.length, locked: rows.length, deferred: rows.length - eligible.length };
    } catch (error) {
      failed = true;
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.off("error", onError);
      // A connection whose transaction broke is not handed back to the pool.
      client.release(failed);
    }
  }

  /** Publishes batches until nothing is left or `ms` is up; failures are logged, not thrown. */
  async #finalPass(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    let published = 0;
    for (;;) {
      if (Date.now() >= deadline) {
        this.#log.warn(
          { published, finalPassMs: ms },
          "final outbox pass cut; the rest waits for the next relay",
        );
        return;
      }
      let result: RelayBatchResult;
      try {
        result = await this.relayOnce();
      } catch (err) {
        this.#log.warn({ err }, "final outbox pass failed; unsent events wait for the next relay");
        return;
      }
      published += result.published;
      if (result.locked < this.#options.batchSize && result.deferred === 0) break;
      if (result.locked < this.#options.batchSize) await this.#sleep(DEFERRED_RETRY_MS);
    }
    if (published > 0) this.#log.info({ published }, "final outbox pass published what was left");
  }

  #kick(): void {
    if (!this.#running) return;
    this.#wanted = true;
    this.#loop ??= this.#drain().finally(() => {
      this.#loop = undefined;
    });
  }

  async #drain(): Promise<void> {
    while (this.#running && this.#wanted) {
      this.#wanted = false;
      try {
        const result = await this.relayOnce();
        if (this.#failures > 0) this.#log.info({ failures: this.#failures }, "outbox publishing recovered");
        this.#failures = 0;
        if (result.locked >= this.#options.batchSize) this.#wanted = true;
        else if (result.deferred > 0) {
          await this.#sleep(DEFERRED_RETRY_MS);
          this.#wanted = true;
        }
      } catch (err) {
        this.#failures += 1;
        const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** (this.#failures - 1));
        this.#log.error({ err, failures: this.#failures, retryInMs: delay }, "publishing the outbox failed");
        await this.#sleep(delay);
        this.#wanted = true;
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #listen(): Promise<void> {
    // pg-pool keeps `password` out of its options' enumerable keys (so it is not logged): copied
    // by name, or a pool with a password (function) would get a listener without one.
    const listener = new pg.Client({
      ...this.#pool.options,
      password: this.#pool.options.password,
      application_name: "outbox-relay-listener",
    });
    listener.on("notification", () => this.#kick());
    const lost = (err?: Error) => {
      if (this.#listener !== listener) return;
      this.#listener = undefined;
      this.#log.warn({ err }, "outbox listener lost its connection; reconnecting");
      void listener.end().catch(() => undefined);
      this.#reconnectLater(1_000);
    };
    listener.on("error", lost);
    listener.on("end", () => lost());
    try {
      await listener.connect();
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.#listener = listener;
      this.#retireLater(listener);
      // Rows committed while nobody listened only show up by looking.
      this.#kick();
    } catch (err) {
      await listener.end().catch(() => undefined);
      this.#log.warn({ err }, "outbox listener could not connect; polling until it can");
      this.#reconnectLater(5_000);
    }
  }

  /**
   * A pool whose connections have a bounded lifetime (an Entra token as password) bounds the
   * listener's too: it is replaced by a fresh connection (with a fresh password) when its time is
   * up. The new one looks at the outbox once it listens, so a row committed in between is not missed.
   */
  #retireLater(listener: pg.Client): void {
    const lifetimeSeconds = this.#pool.options.maxLifetimeSeconds;
    if (!lifetimeSeconds) return;
    const timer = setTimeout(() => {
      this.#timers = this.#timers.filter((t) => t !== timer);
      if (!this.#running || this.#listener !== listener) return;
      this.#listener = undefined;
      void listener.end().catch(() => undefined);
      void this.#listen();
    }, lifetimeSeconds * 1000);
    this.#timers.push(timer);
  }

  #reconnectLater(ms: number): void {
    if (!this.#running) return;
    const timer = setTimeout(() => {
      this.#timers = this.#timers.filter((t) => t !== timer);
      if (this.#running && !this.#listener) void this.#listen();
    }, ms);
    this.#timers.push(timer);
  }

  async #housekeeping(): Promise<void> {
    try {
      const now = Date.now();
      const sent = await this.#pool.query(
        `DELETE FROM messaging_outbox WHERE position IN (
           SELECT position FROM messaging_outbox WHERE sent_at < $1 ORDER BY sent_at LIMIT 10000)`,
        [new Date(now - this.#options.sentRetentionMs)],
      );
      const inbox = await this.#pool.query(
        `DELETE FROM messaging_inbox WHERE (subscription, event_id) IN (
           SELECT subscription, event_id FROM messaging_inbox WHERE handled_at < $1 LIMIT 10000)`,
        [new Date(now - this.#options.inboxRetentionMs)],
      );
      if ((sent.rowCount ?? 0) + (inbox.rowCount ?? 0) > 0) {
        this.#log.debug({ outbox: sent.rowCount, inbox: inbox.rowCount }, "pruned messaging tables");
      }
    } catch (err) {
      this.#log.warn({ err }, "pruning the messaging tables failed");
    }
  }
}
