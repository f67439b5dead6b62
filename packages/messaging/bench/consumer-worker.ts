// The consuming service of the benchmark, on its own thread (a service is its own process): its own
// bus instance and database; each handled event is reported to the main thread with the time it
// reached the handler, on the process-wide monotonic clock.
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import pino from "pino";
import type { PostgresBusConfig } from "../src/bus-config.ts";
import { recordInboxOnce } from "../src/inbox/record-inbox-once.ts";
import { pgExecutor } from "../src/sql-executor.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";

export interface ConsumerWorkerData {
  config: PostgresBusConfig;
  databaseUrl: string;
  subscription: string;
  concurrency: number;
}

export type ConsumerMessage =
  | { kind: "ready" }
  | { kind: "handled"; batch: { id: string; at: number; first: boolean }[] }
  | { kind: "stopped" };

const { config, databaseUrl, subscription, concurrency } = workerData as ConsumerWorkerData;
const port = parentPort!;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
pool.on("error", (err) => logger.warn({ err }, "idle consumer connection failed"));
const bus = new PgBossEventBus(config, logger, { maxConnections: 8 });

let pending: { id: string; at: number; first: boolean }[] = [];
const flush = setInterval(() => {
  if (pending.length === 0) return;
  port.postMessage({ kind: "handled", batch: pending } satisfies ConsumerMessage);
  pending = [];
}, 20);

await bus.start();
await bus.subscribe(
  subscription,
  async (event) => {
    const at = now();
    const client = await pool.connect();
    let first = false;
    try {
      await client.query("BEGIN");
      first = await recordInboxOnce(pgExecutor(client), subscription, event.id);
      if (first) await client.query("INSERT INTO effects (event_id) VALUES ($1)", [event.id]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    pending.push({ id: event.id, at, first });
  },
  { concurrency },
);
port.postMessage({ kind: "ready" } satisfies ConsumerMessage);

port.on("message", async (message: { kind: "stop" }) => {
  if (message.kind !== "stop") return;
  await bus.stop();
  clearInterval(flush);
  if (pending.length > 0) port.postMessage({ kind: "handled", batch: pending } satisfies ConsumerMessage);
  await pool.end();
  port.postMessage({ kind: "stopped" } satisfies ConsumerMessage);
});
