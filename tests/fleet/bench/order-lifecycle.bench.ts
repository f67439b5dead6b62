// `pnpm --filter @ecommerce/fleet-tests bench`: orders per second from place+confirm to Paid across
// the five services as separate processes on the postgres bus, with the latency of each order from
// the moment its place request left to the moment ordering recorded it Paid, and the whole
// machine's CPU per order. This process is only the load generator: the services are children
// with their own event loops, PostgreSQL is the local server.
//   BENCH_ORDERS (default 1000), BENCH_RATE (orders/s, default 50), BENCH_WARMUP (default 50)
import os from "node:os";
import { databaseUrl, dropDatabases, startFleet } from "@ecommerce/dev";
import { machineTicks, percentile, testServerUrl } from "@ecommerce/test-support";
import pg from "pg";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The staff token every request sends: the services verify it as they would any caller's. */
let token = "";

async function json<T>(url: string, method: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function main() {
  const server = await testServerUrl();
  const prefix = `bench_${Date.now().toString(36)}_`;
  log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  log(`starting the five services on ${new URL(server).host} (databases ${prefix}*)`);
  const fleet = await startFleet({
    postgresUrl: server,
    databasePrefix: prefix,
    only: ["catalog", "customer", "ordering", "billing", "shipping"],
    portOffset: 2000,
    env: { LOG_LEVEL: "warn", NODE_ENV: "test" },
    output: () => undefined,
  });
  token = await fleet.token("bench-staff", ["admin"]);
  const ordering = new pg.Pool({ connectionString: databaseUrl(server, `${prefix}ordering`), max: 2 });
  try {
    const unique = Date.now().toString(36);
    const customer = await json<{ id: string }>(`${fleet.url("customer")}/customers`, "POST", {
      email: `bench.${unique}@example.com`,
      name: "Bench Buyer",
      address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
    });
    const category = await json<{ id: string }>(`${fleet.url("catalog")}/categories`, "POST", {
      name: `Bench ${unique}`,
    });
    const product = await json<{ id: string }>(`${fleet.url("catalog")}/products`, "POST", {
      categoryId: category.body.id,
      sku: `BENCH-${unique}`,
      name: "Bench item",
      price: { amount: "10.00", currency: "EUR" },
      initialStock: 1_000_000,
    });
    const order = {
      customerId: customer.body.id,
      lines: [{ productId: product.body.id, quantity: 1 }],
      paymentMethod: { token: "tok_ok" },
    };
    // Ordering learns the customer and the product from events: wait until it accepts an order.
    for (let i = 0; ; i++) {
      const res = await json(`${fleet.url("ordering")}/orders`, "POST", order);
      if (res.status === 201) break;
      if (i > 600) throw new Error(`ordering never accepted an order: ${JSON.stringify(res.body)}`);
      await sleep(100);
    }

    const placeAndConfirm = async (started: Map<string, number>, errors: string[]) => {
      const t0 = Date.now();
      const placed = await json<{ id: string }>(`${fleet.url("ordering")}/orders`, "POST", order);
      if (placed.status !== 201)
        return void errors.push(`place ${placed.status} ${JSON.stringify(placed.body).slice(0, 120)}`);
      const confirmed = await json(`${fleet.url("ordering")}/orders/${placed.body.id}/confirm`, "POST");
      // Only a confirmed order is on its way to Paid; a refused confirm is an error of the run.
      if (confirmed.status === 200) started.set(placed.body.id, t0);
      else errors.push(`confirm ${confirmed.status} ${JSON.stringify(confirmed.body).slice(0, 120)}`);
    };
    const run = async (count: number) => {
      const started = new Map<string, number>();
      const errors: string[] = [];
      const inFlight: Promise<void>[] = [];
      const begin = Date.now();
      // Open loop: each order starts on its own schedule, whether or not the previous ones are done.
      for (let i = 0; i < count; i++) {
        const due = begin + (i * 1000) / RATE;
        if (due > Date.now()) await sleep(due - Date.now());
        inFlight.push(placeAndConfirm(started, errors));
      }
      await Promise.all(inFlight);
      const sent = Date.now();
      const ids = [...started.keys()];
      let paid: { id: string; paid_at: Date }[] = [];
      while (paid.length < ids.length) {
        if (Date.now() - sent > 120_000)
          throw new Error(`only ${paid.length} of ${ids.length} orders were paid`);
        await sleep(250);
        paid = (
          await ordering.query<{ id: string; paid_at: Date }>(
            `SELECT id::text, (SELECT (h->>'at')::timestamptz FROM jsonb_array_elements(history) h WHERE h->>'status' = 'Paid' LIMIT 1) AS paid_at
               FROM orders WHERE id = ANY($1::uuid[]) AND status = 'Paid'`,
            [ids],
          )
        ).rows;
      }
      const latencies = paid.map((p) => p.paid_at.getTime() - started.get(p.id)!).sort((a, b) => a - b);
      const lastPaid = Math.max(...paid.map((p) => p.paid_at.getTime()));
      return { latencies, errors, seconds: (lastPaid - begin) / 1000, count: ids.length };
    };

    log(`warm-up: ${WARMUP} orders`);
    await run(WARMUP);
    const idleBefore = machineTicks();
    await sleep(1000);
    const idleAfter = machineTicks();
    const busyBefore = (idleAfter.busy - idleBefore.busy) / (idleAfter.total - idleBefore.total);
    log(`measuring: ${ORDERS} orders at ${RATE} orders/s`);
    const ticks0 = machineTicks();
    const result = await run(ORDERS);
    const ticks1 = machineTicks();
    const cores = os.cpus().length;
    const busyShare = (ticks1.busy - ticks0.busy) / (ticks1.total - ticks0.total);
    const cpuMsPerOrder = (busyShare * cores * result.seconds * 1000) / result.count;
    const figures = {
      benchmark: "order-lifecycle",
      orders: result.count,
      offeredRate: RATE,
      achievedRate: round(result.count / result.seconds),
      p50Ms: percentile(result.latencies, 50),
      p99Ms: percentile(result.latencies, 99),
      maxMs: result.latencies.at(-1) ?? Number.NaN,
      machineCpuMsPerOrder: round(cpuMsPerOrder),
      machineBusyPercent: Math.round(busyShare * 100),
      machineBusyBeforePercent: Math.round(busyBefore * 100),
      errors: result.errors.length,
    };
    log("");
    log("| figure | value |");
    log("|---|---:|");
    log(`| orders (place + confirm → Paid) | ${figures.orders} |`);
    log(`| offered / achieved orders/s | ${figures.offeredRate} / ${figures.achievedRate} |`);
    log(`| latency to Paid p50 / p99 / max (ms) | ${figures.p50Ms} / ${figures.p99Ms} / ${figures.maxMs} |`);
    log(`| machine CPU per order (ms, all processes) | ${figures.machineCpuMsPerOrder} |`);
    log(
      `| machine busy while measuring / before | ${figures.machineBusyPercent} % / ${figures.machineBusyBeforePercent} % of ${cores} cores |`,
    );
    log(
      `| errors | ${figures.errors}${result.errors.length ? ` (${[...new Set(result.errors)].join(", ")})` : ""} |`,
    );
    log(JSON.stringify(figures));
  } finally {
    await ordering.end();
    await fleet.stop();
    await dropDatabases(server, prefix);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `order-lifecycle bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
