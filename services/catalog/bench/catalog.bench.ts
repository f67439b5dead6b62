// `pnpm --filter @ecommerce/catalog bench`: requests/s and p99 for a product read and a product list
// page, each (a) from the read model through a warm Redis cache, (b) from the read model with the
// cache off, (c) the plain CRUD way, joining the write tables (the baseline), side by side.
//   BENCH_SECONDS (default 10) per scenario, BENCH_CONNECTIONS (default 16), BENCH_PRODUCTS (default 1000),
//   BENCH_ROUND_SECONDS (default 2), REDIS_URL (default redis://127.0.0.1:6379)
// The scenarios take turns in short rounds (in a rotating order), so that a burst of load from
// elsewhere on a shared machine lands on all of them rather than on whichever ran at the time.
import { randomUUID } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { createCache, createTokenVerifier, migrate } from "@ecommerce/service-kit";
import { createTestDatabase, sendTokenByDefault, testIssuer } from "@ecommerce/test-support";
import autocannon from "autocannon";
import pino from "pino";
import { buildCatalogApp, type CatalogApp } from "../src/app.ts";
import { createPrisma } from "../src/infrastructure/database.ts";
import { migrationSources } from "../src/migrations.ts";
import { crudBaselineRoutes } from "./crud-baseline-routes.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const productCount = Number(process.env.BENCH_PRODUCTS ?? 1000);
const roundSeconds = Math.min(seconds, Number(process.env.BENCH_ROUND_SECONDS ?? 2));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Figures {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Scenario {
  name: string;
  url: string;
  path: () => string;
}

// The benchmark calls as staff, through the same token verification as production.
const issuer = await testIssuer();
const auth = createTokenVerifier(issuer.verifierOptions);
const authorization = `Bearer ${await issuer.tokenFor({ sub: "bench", roles: ["admin"] })}`;

interface Round {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

async function round(scenario: Scenario, duration: number): Promise<Round> {
  const result = await autocannon({
    url: scenario.url,
    connections,
    duration,
    headers: { authorization },
    requests: [{ setupRequest: (req) => ({ ...req, method: "GET", path: scenario.path() }) }],
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Every scenario for `seconds` in total, in rounds of `roundSeconds`, taking turns. */
async function runAll(scenarios: Scenario[]): Promise<Figures[]> {
  const rounds = scenarios.map(() => [] as Round[]);
  const count = Math.max(1, Math.round(seconds / roundSeconds));
  for (let r = 0; r < count; r++) {
    log(
      `round ${r + 1}/${count}: ${scenarios.length} scenarios, ${roundSeconds} s each, ${connections} connections`,
    );
    for (let k = 0; k < scenarios.length; k++) {
      const i = (k + r) % scenarios.length;
      rounds[i]?.push(await round(scenarios[i] as Scenario, roundSeconds));
    }
  }
  return scenarios.map((scenario, i) => {
    const mine = rounds[i] ?? [];
    return {
      scenario: scenario.name,
      rps: Math.round(mine.reduce((s, r) => s + r.requests, 0) / mine.reduce((s, r) => s + r.seconds, 0)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      errors: mine.reduce((s, r) => s + r.errors, 0),
    };
  });
}

async function json<T>(app: CatalogApp, method: "GET" | "POST", url: string, payload?: object): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    // Load shedding answers 503 while the event loop is (or just was) blocked, e.g. right after start.
    if (res.statusCode === 503 && attempt < 50) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  }
}

/** 5 roots x 4 children x 3 grandchildren; products spread over the grandchildren. */
async function seed(app: CatalogApp): Promise<{ products: string[]; categories: string[]; roots: string[] }> {
  const categories: string[] = [];
  const roots: string[] = [];
  const leaves: string[] = [];
  for (let r = 0; r < 5; r++) {
    const root = await json<{ id: string }>(app, "POST", "/categories", { name: `Department ${r}` });
    categories.push(root.id);
    roots.push(root.id);
    for (let c = 0; c < 4; c++) {
      const child = await json<{ id: string }>(app, "POST", "/categories", {
        name: `Aisle ${r}.${c}`,
        parentId: root.id,
      });
      categories.push(child.id);
      for (let g = 0; g < 3; g++) {
        const leaf = await json<{ id: string }>(app, "POST", "/categories", {
          name: `Shelf ${r}.${c}.${g}`,
          parentId: child.id,
        });
        categories.push(leaf.id);
        leaves.push(leaf.id);
      }
    }
  }
  log(`seeding ${productCount} products in ${leaves.length} categories`);
  const products: string[] = [];
  for (let i = 0; i < productCount; i++) {
    const product = await json<{ id: string }>(app, "POST", "/products", {
      sku: `BENCH-${i.toString().padStart(6, "0")}`,
      name: `Product ${((i * 7919) % productCount).toString().padStart(5, "0")}`,
      description: "A product of the benchmark catalogue, with a description of a realistic length. ".repeat(
        3,
      ),
      price: { amount: `${1 + (i % 200)}.${(i % 100).toString().padStart(2, "0")}`, currency: "EUR" },
      categoryId: leaves[i % leaves.length],
      initialStock: 100 + (i % 50),
      lowStockThreshold: 5,
      attributes: {
        colour: ["red", "green", "blue"][i % 3] as string,
        size: ["S", "M", "L", "XL"][i % 4] as string,
      },
    });
    products.push(product.id);
    if ((i + 1) % 250 === 0) log(`  ${i + 1}/${productCount}`);
  }
  return { products, categories, roots };
}

async function main() {
  const database = await createTestDatabase({ prefix: "catalog_bench" });
  await migrate({ databaseUrl: database.url, sources: migrationSources });
  const logger = pino({ level: "warn" });
  // Two apps on one database: one reading through Redis (with the baseline routes), one uncached.
  const cachedDb = createPrisma({ url: database.url, max: 10 });
  const cache = await createCache({
    namespace: `catalog-bench-${randomUUID()}`,
    mode: "redis",
    redisUrl,
    logger,
  });
  if (cache.kind !== "redis") throw new Error("the benchmark needs Redis");
  const cached = await buildCatalogApp({
    db: cachedDb,
    logger,
    auth,
    cache,
    environment: "production",
    extraRoutes: [crudBaselineRoutes(cachedDb)],
  });
  const uncached = await buildCatalogApp({
    db: createPrisma({ url: database.url, max: 10 }),
    logger,
    auth,
    cache: await createCache({ namespace: "catalog-bench-off", mode: "off", logger }),
    environment: "production",
  });
  sendTokenByDefault(cached, authorization.slice("Bearer ".length));
  sendTokenByDefault(uncached, authorization.slice("Bearer ".length));
  try {
    const cachedUrl = await cached.listen({ port: 0, host: "127.0.0.1" });
    const uncachedUrl = await uncached.listen({ port: 0, host: "127.0.0.1" });
    const { products, categories, roots } = await seed(cached);
    // Every category's first page of 20, and the second page of the departments (a cursor).
    const listPaths = categories.map((id) => `/products?categoryId=${id}&limit=20`);
    for (const id of roots) {
      const first = await json<{ nextCursor: string | null }>(
        cached,
        "GET",
        `/products?categoryId=${id}&limit=20`,
      );
      if (first.nextCursor) listPaths.push(`/products?categoryId=${id}&limit=20&cursor=${first.nextCursor}`);
    }
    const crudListPaths = categories.map((id) => `/bench/crud/products?categoryId=${id}&limit=20`);
    log("warming the cache");
    for (const id of products) await json(cached, "GET", `/products/${id}`);
    for (const path of listPaths) await json(cached, "GET", path);

    let n = 0;
    const pick =
      <T>(items: T[]) =>
      () =>
        items[n++ % items.length] as T;
    const productPaths = products.map((id) => `/products/${id}`);
    const crudProductPaths = products.map((id) => `/bench/crud/products/${id}`);
    const results = await runAll([
      { name: "GetProduct, warm Redis cache", url: cachedUrl, path: pick(productPaths) },
      { name: "GetProduct, cache off (read model)", url: uncachedUrl, path: pick(productPaths) },
      { name: "GetProduct, CRUD joins (baseline)", url: cachedUrl, path: pick(crudProductPaths) },
      { name: "ListProducts page, warm Redis cache", url: cachedUrl, path: pick(listPaths) },
      { name: "ListProducts page, cache off (read model)", url: uncachedUrl, path: pick(listPaths) },
      { name: "ListProducts page, CRUD joins (baseline)", url: cachedUrl, path: pick(crudListPaths) },
    ]);
    const [getCached, getOff, getCrud, listCached, listOff, listCrud] = results as [
      Figures,
      Figures,
      Figures,
      Figures,
      Figures,
      Figures,
    ];
    // autocannon stops at its deadline with requests still in flight; let them finish before closing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const ratio = (a: Figures, b: Figures) => Math.round((a.rps / b.rps) * 100) / 100;
    console.log(
      `\ncatalog benchmark (${machine}; ${seconds} s per scenario in rounds of ${roundSeconds} s, ${connections} connections, ${productCount} products; latencies: median over the rounds)\n`,
    );
    console.log("| scenario | requests/s | p50 ms | p99 ms | errors |");
    console.log("|---|---:|---:|---:|---:|");
    for (const r of results) console.log(`| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
    console.log(
      `\nwarm cache vs CRUD baseline: product ${ratio(getCached, getCrud)}x, list page ${ratio(listCached, listCrud)}x requests/s (target 3x)\n`,
    );
    console.log(
      JSON.stringify({
        benchmark: "catalog",
        machine,
        seconds,
        round_seconds: roundSeconds,
        connections,
        products: productCount,
        get_product_cached_rps: getCached.rps,
        get_product_cached_p99_ms: getCached.p99,
        get_product_uncached_rps: getOff.rps,
        get_product_uncached_p99_ms: getOff.p99,
        get_product_crud_rps: getCrud.rps,
        get_product_crud_p99_ms: getCrud.p99,
        list_page_cached_rps: listCached.rps,
        list_page_cached_p99_ms: listCached.p99,
        list_page_uncached_rps: listOff.rps,
        list_page_uncached_p99_ms: listOff.p99,
        list_page_crud_rps: listCrud.rps,
        list_page_crud_p99_ms: listCrud.p99,
        get_product_cached_vs_crud: ratio(getCached, getCrud),
        list_page_cached_vs_crud: ratio(listCached, listCrud),
        errors: results.reduce((s, r) => s + r.errors, 0),
      }),
    );
  } finally {
    await cached.close();
    await uncached.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
