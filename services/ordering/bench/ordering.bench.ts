// `pnpm --filter @ecommerce/ordering bench`: requests/s and p99 for GetOrder from the read model,
// GetOrder the plain CRUD way (joins over the write tables: the baseline), and PlaceOrder.
//   BENCH_SECONDS (default 10) per scenario, BENCH_CONNECTIONS (default 16), BENCH_ORDERS (default 1000)
import { cpus, totalmem } from "node:os";
import { CustomerRegistered, createEvent, ProductCreated } from "@ecommerce/contracts";
import { createTokenVerifier, migrate, type ServiceApp } from "@ecommerce/service-kit";
import {
  createTestDatabase,
  figuresTable,
  type HttpFigures,
  measureHttp,
  sendTokenByDefault,
  testIssuer,
} from "@ecommerce/test-support";
import type autocannon from "autocannon";
import pino from "pino";
import { buildOrderingApp, createOrderingRuntime } from "../src/app.ts";
import { createPrisma } from "../src/infrastructure/database.ts";
import type { OrderingEventHandler } from "../src/infrastructure/event-subscriptions.ts";
import { migrationSources } from "../src/migrations.ts";
import { crudBaselineRoutes } from "./crud-baseline-routes.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const orderCount = Number(process.env.BENCH_ORDERS ?? 1000);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const uuid = () => crypto.randomUUID();
const customers = Array.from({ length: 20 }, uuid);
const products = Array.from({ length: 50 }, uuid);
const pickOne = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)] as T;
const orderBody = () => {
  const lines = new Map<string, { productId: string; quantity: number }>();
  while (lines.size < 3) {
    const productId = pickOne(products);
    lines.set(productId, { productId, quantity: 1 + Math.floor(Math.random() * 5) });
  }
  return JSON.stringify({ customerId: pickOne(customers), lines: [...lines.values()] });
};

/** Ordering learns customers and prices only from events: feed them the way its subscriptions do. */
async function seedReplicas(handleEvent: OrderingEventHandler) {
  const meta = { correlationId: uuid() };
  for (const customerId of customers) {
    // a default address, so every order carries one, as real orders do, on both GetOrder routes
    const defaultShippingAddress = {
      recipient: "Bench Buyer",
      line1: "1 Benchmark Street",
      postalCode: "1011 AB",
      city: "Amsterdam",
      country: "NL",
    };
    const data = { customerId, name: "Bench Buyer", defaultShippingAddress };
    await handleEvent("customer.ordering", createEvent(CustomerRegistered, data, meta));
  }
  for (const [i, productId] of products.entries()) {
    const data = {
      productId,
      sku: `BENCH-${i}`,
      name: `Product ${i}`,
      price: { amount: `${10 + i}.99`, currency: "EUR" },
    };
    await handleEvent("catalog.ordering", createEvent(ProductCreated, data, meta));
  }
}

/** The baseline is only a fair comparison if it answers exactly what the read model answers. */
async function sameAnswers(app: ServiceApp, ids: string[]) {
  for (const id of ids) {
    const [read, crud] = await Promise.all([
      app.inject({ method: "GET", url: `/orders/${id}` }),
      app.inject({ method: "GET", url: `/bench/crud/orders/${id}` }),
    ]);
    if (read.statusCode !== 200 || crud.statusCode !== 200 || read.body !== crud.body) {
      throw new Error(
        `the CRUD baseline answers order ${id} differently:\n  read model ${read.statusCode} ${read.body}\n  baseline   ${crud.statusCode} ${crud.body}`,
      );
    }
  }
  log(`the baseline answers the same documents as the read model (${ids.length} orders compared)`);
}

// The benchmark calls as staff, through the same token verification as production.
const issuer = await testIssuer();
const auth = createTokenVerifier(issuer.verifierOptions);
const authorization = `Bearer ${await issuer.tokenFor({ sub: "bench", roles: ["admin"] })}`;
const load = { seconds, connections, log, headers: { authorization } };
const run = (scenario: string, url: string, request: () => autocannon.Request) =>
  measureHttp(scenario, url, request, load);

async function main() {
  const database = await createTestDatabase({ prefix: "ordering_bench" });
  await migrate({ databaseUrl: database.url, sources: migrationSources });
  const db = createPrisma({ url: database.url, max: 10 });
  const deps = {
    db,
    logger: pino({ level: "warn" }),
    auth,
    environment: "production" as const,
    extraRoutes: [crudBaselineRoutes(db)],
  };
  const { mediator, handleEvent } = createOrderingRuntime(deps);
  const app = await buildOrderingApp(deps, mediator);
  sendTokenByDefault(app, authorization.slice("Bearer ".length));
  try {
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    log(
      `seeding the replicas (${customers.length} buyers, ${products.length} products) through their events`,
    );
    await seedReplicas(handleEvent);
    log(`seeding ${orderCount} orders with 3 lines each`);
    const ids: string[] = [];
    for (let i = 0; i < orderCount; i++) {
      const res = await app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "application/json" },
        payload: orderBody(),
      });
      if (res.statusCode !== 201) throw new Error(`seeding failed: ${res.statusCode} ${res.body}`);
      ids.push(res.json().id);
      if ((i + 1) % 250 === 0) log(`  ${i + 1}/${orderCount}`);
    }
    await sameAnswers(app, ids.slice(0, 20));
    let next = 0;
    const pick = () => ids[next++ % ids.length];
    const results = [
      await run("GetOrder (read model)", address, () => ({ method: "GET", path: `/orders/${pick()}` })),
      await run("GetOrder (CRUD joins, baseline)", address, () => ({
        method: "GET",
        path: `/bench/crud/orders/${pick()}`,
      })),
      await run("PlaceOrder", address, () => ({
        method: "POST",
        path: "/orders",
        headers: { "content-type": "application/json" },
        body: orderBody(),
      })),
    ];
    const [read, crud, place] = results as [HttpFigures, HttpFigures, HttpFigures];
    // autocannon stops at its deadline with requests still in flight; let them finish before closing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(`\nordering benchmark (${machine}; ${seconds} s per scenario, ${connections} connections)\n`);
    console.log(figuresTable(results));
    console.log(`\nread model vs CRUD baseline: ${(read.rps / crud.rps).toFixed(2)}x requests/s\n`);
    console.log(
      JSON.stringify({
        benchmark: "ordering",
        machine,
        get_order_read_model_rps: read.rps,
        get_order_read_model_p99_ms: read.p99,
        get_order_crud_rps: crud.rps,
        get_order_crud_p99_ms: crud.p99,
        place_order_rps: place.rps,
        place_order_p99_ms: place.p99,
        errors: read.errors + crud.errors + place.errors,
      }),
    );
  } finally {
    await app.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
