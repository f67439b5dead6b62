// `pnpm --filter @ecommerce/customer bench`: requests/s and p99 for GetCustomer through the cache
// (Redis when REDIS_URL is set, otherwise in process), from the read model with the cache off, the
// plain CRUD way (joins over the write tables: the baseline), and for RegisterCustomer.
//   BENCH_SECONDS (default 10) per scenario, BENCH_CONNECTIONS (default 16), BENCH_CUSTOMERS (default 1000)
import { cpus, totalmem } from "node:os";
import { createCache, createTokenVerifier, migrate } from "@ecommerce/service-kit";
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
import { buildCustomerApp } from "../src/app.ts";
import { createPrisma } from "../src/infrastructure/database.ts";
import { migrationSources } from "../src/migrations.ts";
import { crudBaselineRoutes } from "./crud-baseline-routes.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const customerCount = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const uuid = () => crypto.randomUUID();
const registration = () =>
  JSON.stringify({
    email: `bench.${uuid()}@example.com`,
    name: "Bench Customer",
    address: { line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE" },
  });

// The benchmark calls as staff, through the same token verification as production.
const issuer = await testIssuer();
const auth = createTokenVerifier(issuer.verifierOptions);
const authorization = `Bearer ${await issuer.tokenFor({ sub: "bench", roles: ["admin"] })}`;
const load = { seconds, connections, log, headers: { authorization } };
const run = (scenario: string, url: string, request: () => autocannon.Request) =>
  measureHttp(scenario, url, request, load);

async function main() {
  const database = await createTestDatabase({ prefix: "customer_bench" });
  await migrate({ databaseUrl: database.url, sources: migrationSources });
  const logger = pino({ level: "warn" });
  const redisUrl = process.env.REDIS_URL;
  const cache = await createCache({
    namespace: `customer-bench-${uuid()}`,
    mode: redisUrl ? "redis" : "memory",
    redisUrl,
    logger,
  });
  const cachedDb = createPrisma({ url: database.url, max: 10 });
  const plainDb = createPrisma({ url: database.url, max: 10 });
  // Two apps on one database: the service as deployed (with its cache), and one without a cache that
  // also serves the CRUD baseline.
  const cached = await buildCustomerApp({ db: cachedDb, logger, auth, environment: "production", cache });
  const plain = await buildCustomerApp({
    db: plainDb,
    logger,
    auth,
    environment: "production",
    extraRoutes: [crudBaselineRoutes(plainDb)],
  });
  sendTokenByDefault(cached, authorization.slice("Bearer ".length));
  sendTokenByDefault(plain, authorization.slice("Bearer ".length));
  try {
    const cachedUrl = await cached.listen({ port: 0, host: "127.0.0.1" });
    const plainUrl = await plain.listen({ port: 0, host: "127.0.0.1" });
    log(`seeding ${customerCount} customers with an address each`);
    const ids: string[] = [];
    for (let i = 0; i < customerCount; i++) {
      const res = await plain.inject({
        method: "POST",
        url: "/customers",
        headers: { "content-type": "application/json" },
        payload: registration(),
      });
      ids.push(res.json().id);
      if ((i + 1) % 250 === 0) log(`  ${i + 1}/${customerCount}`);
    }
    let next = 0;
    const pick = () => ids[next++ % ids.length];
    const results = [
      await run(`GetCustomer (cache: ${cache.kind})`, cachedUrl, () => ({
        method: "GET",
        path: `/customers/${pick()}`,
      })),
      await run("GetCustomer (read model, no cache)", plainUrl, () => ({
        method: "GET",
        path: `/customers/${pick()}`,
      })),
      await run("GetCustomer (CRUD joins, baseline)", plainUrl, () => ({
        method: "GET",
        path: `/bench/crud/customers/${pick()}`,
      })),
      await run("RegisterCustomer", cachedUrl, () => ({
        method: "POST",
        path: "/customers",
        headers: { "content-type": "application/json" },
        body: registration(),
      })),
    ];
    const [hot, readModel, crud, register] = results as [HttpFigures, HttpFigures, HttpFigures, HttpFigures];
    // autocannon stops at its deadline with requests still in flight; let them finish before closing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(`\ncustomer benchmark (${machine}; ${seconds} s per scenario, ${connections} connections)\n`);
    console.log(figuresTable(results));
    console.log(
      `\ncached vs CRUD baseline: ${(hot.rps / crud.rps).toFixed(2)}x requests/s; read model vs CRUD: ${(readModel.rps / crud.rps).toFixed(2)}x\n`,
    );
    console.log(
      JSON.stringify({
        benchmark: "customer",
        machine,
        cache: cache.kind,
        get_customer_cached_rps: hot.rps,
        get_customer_cached_p99_ms: hot.p99,
        get_customer_read_model_rps: readModel.rps,
        get_customer_read_model_p99_ms: readModel.p99,
        get_customer_crud_rps: crud.rps,
        get_customer_crud_p99_ms: crud.p99,
        register_customer_rps: register.rps,
        register_customer_p99_ms: register.p99,
        errors: hot.errors + readModel.errors + crud.errors + register.errors,
      }),
    );
  } finally {
    await cached.close();
    await plain.close();
    await cache.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
