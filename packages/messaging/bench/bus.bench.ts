// Outbox → relay → pg-boss → consumer (inbox + effect in one transaction), on fresh databases of
// the local PostgreSQL. The producing service (main thread) commits one event per transaction, with
// its aggregate's row as a unit of work does, paced at BENCH_RATE events/s until BENCH_EVENTS are
// committed (after BENCH_WARMUP events, 1 s worth by default, checked for loss and duplicates but
// left out of the figures), and runs the relay; the consuming service runs on its own thread. Latency: from the
// producer's COMMIT returning to the consumer's handler being called. Lost: committed, never
// handled. Duplicates: events whose effect was applied more than once.
//
//   pnpm --filter @ecommerce/messaging bench      (BENCH_EVENTS=10000 BENCH_RATE=500 by default)
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { createEvent, type EventEnvelope, OrderConfirmed } from "@ecommerce/contracts";
import { createTestDatabase, machineTicks, ProcessCpuSampler, percentile } from "@ecommerce/test-support";
import pg from "pg";
import pino from "pino";
import { busConfigFromEnv } from "../src/bus-config.ts";
import { appendToOutbox } from "../src/outbox/append-to-outbox.ts";
import { OutboxRelay } from "../src/outbox/outbox-relay.ts";
import { pgExecutor } from "../src/sql-executor.ts";
import { applyMessagingMigrations } from "../src/testing/index.ts";
import { PgBossEventBus } from "../src/transports/postgres/pg-boss-transport.ts";
import type { ConsumerMessage, ConsumerWorkerData } from "./consumer-worker.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
// Connections, JIT and plan caches warm up in the first second; a running service is past that.
const WARMUP = Number(process.env.BENCH_WARMUP ?? RATE);
const AGGREGATES = Number(process.env.BENCH_AGGREGATES ?? 1_000);
const PRODUCER_CONNECTIONS = Number(process.env.BENCH_PRODUCERS ?? 8);
const CONSUMER_CONCURRENCY = Number(process.env.BENCH_CONSUMER_CONCURRENCY ?? 16);
const DRAIN_TIMEOUT_MS = 60_000;
const SUBSCRIPTION = "ordering.catalog";

const log = (line: string) => process.stdout.write(`${line}\n`);
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const round = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

function split(name: string, values: number[]): [string, string][] {
  const sorted = [...values].sort((a, b) => a - b);
  return [[`${name} p50/p99 (ms)`, `${round(percentile(sorted, 50))} / ${round(percentile(sorted, 99))}`]];
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function main() {
  log(
    `bus benchmark: ${EVENTS} events (after ${WARMUP} to warm up) at ${RATE}/s over ${AGGREGATES} aggregates, postgres transport`,
  );
  log(
    `machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  const [busDb, producerDb, consumerDb] = await Promise.all([
    createTestDatabase({ prefix: "bench_bus" }),
    createTestDatabase({ prefix: "bench_ordering" }),
    createTestDatabase({ prefix: "bench_catalog" }),
  ]);
  const producer = new pg.Pool({ connectionString: producerDb.url, max: PRODUCER_CONNECTIONS });
  // Dropping the databases at the end terminates idle connections the pool is still closing.
  producer.on("error", () => undefined);
  let bus: PgBossEventBus | undefined;
  let relay: OutboxRelay | undefined;
  let consumer: Worker | undefined;
  try {
    await Promise.all([applyMessagingMigrations(producerDb.url), applyMessagingMigrations(consumerDb.url)]);
    await producer.query("CREATE TABLE orders (id uuid PRIMARY KEY, version int NOT NULL DEFAULT 1)");
    const setup = new pg.Client({ connectionString: consumerDb.url });
    await setup.connect();
    await setup.query(
      "CREATE TABLE effects (event_id uuid NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    await setup.end();

    // The production defaults of busConfigFromEnv; only the database is the fresh one.
    const config = busConfigFromEnv({ BUS_DATABASE_URL: busDb.url });
    if (config.transport !== "postgres") throw new Error("unreachable");
    bus = new PgBossEventBus(config, logger, { maxConnections: 8 });
    await bus.start();

    const committedAt = new Map<string, number>();
    const warmup = new Set<string>();
    const latencies: number[] = [];
    const toRelay: number[] = [];
    const toHandler: number[] = [];
    const handled = new Set<string>();
    let deliveries = 0;
    let skippedByInbox = 0;
    const workerData: ConsumerWorkerData = {
      config,
      databaseUrl: consumerDb.url,
      subscription: SUBSCRIPTION,
      concurrency: CONSUMER_CONCURRENCY,
    };
    consumer = new Worker(new URL("./consumer-worker.ts", import.meta.url), { workerData });
    const stopped = new Promise<void>((resolve, reject) => {
      consumer!.on("error", reject);
      consumer!.on("message", (message: ConsumerMessage) => {
        if (message.kind === "stopped") resolve();
        if (message.kind !== "handled") return;
        for (const { id, at, first } of message.batch) {
          deliveries += 1;
          if (!first) skippedByInbox += 1;
          const committed = committedAt.get(id);
          if (!handled.has(id) && committed !== undefined && !warmup.has(id)) {
            latencies.push(at - committed);
            const published = publishedAt.get(id);
            if (published !== undefined) {
              toRelay.push(published - committed);
              toHandler.push(at - published);
            }
          }
          handled.add(id);
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      consumer!.once("error", reject);
      consumer!.once("message", (message: ConsumerMessage) =>
        message.kind === "ready" ? resolve() : undefined,
      );
    });

    // Split the latency: when the relay's publish returned, per event.
    const publishedAt = new Map<string, number>();
    const transport = bus;
    const timedBus = {
      async publish(events: readonly EventEnvelope[]) {
        await transport.publish(events);
        const at = now();
        for (const event of events) if (!publishedAt.has(event.id)) publishedAt.set(event.id, at);
      },
    };
    relay = new OutboxRelay({ databaseUrl: producerDb.url, bus: timedBus, logger, batchSize: 200 });
    await relay.start();

    const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
    let started = 0;
    let committed = 0;
    let inFlight = 0;
    let producerErrors = 0;
    let maxLag = 0;
    const commitOne = async (index: number) => {
      const orderId = aggregates[Math.floor(Math.random() * aggregates.length)]!;
      const event = createEvent(
        OrderConfirmed,
        {
          orderId,
          customerId: randomUUID(),
          lines: [{ productId: randomUUID(), quantity: 2, unitPrice: { amount: "12.50", currency: "EUR" } }],
          total: { amount: "25.00", currency: "EUR" },
          shippingAddress: null,
        },
        { correlationId: randomUUID() },
      );
      if (index < WARMUP) warmup.add(event.id);
      inFlight += 1;
      try {
        await inTransaction(producer, async (client) => {
          await client.query(
            "INSERT INTO orders (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET version = orders.version + 1",
            [orderId],
          );
          await appendToOutbox(pgExecutor(client), [event]);
        });
        committedAt.set(event.id, now());
        committed += 1;
      } catch (error) {
        producerErrors += 1;
        logger.error({ err: error }, "producer transaction failed");
      } finally {
        inFlight -= 1;
      }
    };

    // What the rest of the machine is doing before we start: the figures mean little on a busy box.
    const idle0 = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle1 = machineTicks();
    const busyBefore = (idle1.busy - idle0.busy) / (idle1.total - idle0.total);
    log(`  machine CPU busy before starting (other workloads): ${Math.round(busyBefore * 100)} %`);

    // Where the CPU goes: this process (producer, relay and the consumer's thread) and PostgreSQL's
    // backends per database, sampled from /proc (when the server is local), so the split holds even
    // when something else keeps the machine busy.
    const databases = {
      [busDb.name]: "postgres bus",
      [producerDb.name]: "postgres producer",
      [consumerDb.name]: "postgres consumer",
    };
    const sampler = new ProcessCpuSampler(async () => {
      const processes = new Map<number, string>([[process.pid, "node producer+relay+consumer"]]);
      const { rows } = await producer.query<{ pid: number; datname: string }>(
        "SELECT pid, datname FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()",
        [Object.keys(databases)],
      );
      for (const row of rows) processes.set(row.pid, databases[row.datname]!);
      return processes;
    });
    await sampler.start();
    const t0 = now();
    const cpu0 = process.cpuUsage();
    const machine0 = machineTicks();
    let lastReport = t0;
    let reported = 0;
    const pending = new Set<Promise<void>>();
    const total = WARMUP + EVENTS;
    // The measured events are due from here on (the producer may still be catching up with warm-up).
    const measuredFrom = t0 + (WARMUP * 1000) / RATE;
    while (started < total) {
      const due = Math.min(total, Math.floor(((now() - t0) * RATE) / 1000));
      while (started < due && inFlight < PRODUCER_CONNECTIONS) {
        const p = commitOne(started);
        started += 1;
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
      maxLag = Math.max(maxLag, due - started);
      if (now() - lastReport >= 1000) {
        const window = latencies.slice(reported).sort((a, b) => a - b);
        reported = latencies.length;
        lastReport = now();
        log(
          `  t=${String(Math.round((lastReport - t0) / 1000)).padStart(3)}s committed=${committed} handled=${handled.size}` +
            ` window p50=${round(percentile(window, 50))}ms p99=${round(percentile(window, 99))}ms` +
            ` outbox_pending=${(await relay.backlog()).pending}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(pending);
    const producedIn = (now() - measuredFrom) / 1000;
    const measured = committed - [...warmup].filter((id) => committedAt.has(id)).length;
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineTicks();
    const machineBusy = (machine1.busy - machine0.busy) / (machine1.total - machine0.total);
    const byProcess = await sampler.stop();
    const producedAll = (now() - t0) / 1000;
    const machineCpuPerEvent = (machineBusy * os.cpus().length * producedAll * 1000) / committed;
    const processCpuPerEvent = byProcess.map(([label, ms]) => [label, round2(ms / committed)] as const);
    const busCpuPerEvent = round2(processCpuPerEvent.reduce((a, [, ms]) => a + ms, 0));
    log(`  producer done: ${committed} committed in ${producedIn.toFixed(1)}s; waiting for the consumer...`);
    const deadline = now() + DRAIN_TIMEOUT_MS;
    while (handled.size < committed && now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));

    consumer.postMessage({ kind: "stop" });
    await stopped;
    const check = new pg.Client({ connectionString: consumerDb.url });
    await check.connect();
    const { rows } = await check.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM (SELECT event_id FROM effects GROUP BY event_id HAVING count(*) > 1) twice",
    );
    await check.end();

    const sorted = [...latencies].sort((a, b) => a - b);
    const lost = committed - handled.size;
    const result = {
      benchmark: "bus",
      transport: "postgres",
      events: measured,
      rate_per_s: round(measured / producedIn),
      p50_ms: round(percentile(sorted, 50)),
      p99_ms: round(percentile(sorted, 99)),
      lost,
      duplicates: rows[0]?.n ?? 0,
      machine_cpu_ms_per_event: round2(machineCpuPerEvent),
      bus_cpu_ms_per_event: busCpuPerEvent,
    };
    const table: [string, string | number][] = [
      ["events committed (measured)", measured],
      ["warm-up events (not in the figures)", committed - measured],
      ["target rate (events/s)", RATE],
      ["achieved rate (events/s)", result.rate_per_s],
      ["max producer lag (events)", maxLag],
      ["producer errors", producerErrors],
      ["commit→handler p50 (ms)", result.p50_ms],
      ["commit→handler p90 (ms)", round(percentile(sorted, 90))],
      ["commit→handler p99 (ms)", result.p99_ms],
      ["commit→handler max (ms)", round(sorted.at(-1) ?? Number.NaN)],
      ...split("commit→published (relay)", toRelay),
      ...split("published→handler (bus)", toHandler),
      ["handled", handled.size],
      ["deliveries", deliveries],
      ["redeliveries skipped by inbox", skippedByInbox],
      ["lost", lost],
      ["handled twice (duplicates)", result.duplicates],
      ["relay publishes (events)", relay.publishedTotal],
      ["this process CPU per event (ms)", round((cpu.user + cpu.system) / 1000 / committed)],
      ...processCpuPerEvent.map(([label, ms]) => [`CPU per event: ${label} (ms)`, ms] as [string, number]),
      ["CPU per event: all of the above (ms)", busCpuPerEvent],
      ["machine CPU per event (ms, all processes)", result.machine_cpu_ms_per_event],
      ["machine CPU busy before the run", `${Math.round(busyBefore * 100)} % of ${os.cpus().length} cores`],
      ["machine CPU busy while producing", `${Math.round(machineBusy * 100)} % of ${os.cpus().length} cores`],
    ];
    log("");
    log("| metric                          | value |");
    log("|---------------------------------|------:|");
    for (const [name, value] of table) log(`| ${name.padEnd(31)} | ${value} |`);
    log("");
    log(JSON.stringify(result));
    process.exitCode = lost > 0 || result.duplicates > 0 ? 1 : 0;
  } finally {
    await relay?.stop();
    await bus?.stop();
    await consumer?.terminate();
    await producer.end();
    await Promise.all([busDb.drop(), producerDb.drop(), consumerDb.drop()]);
  }
}

await main();
