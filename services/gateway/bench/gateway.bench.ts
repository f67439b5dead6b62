// `pnpm --filter @ecommerce/gateway bench`: what the gateway costs. The same cached read (GET a
// product, from catalog's warm Redis cache) direct to catalog and through the gateway, in
// alternating rounds in one run. Catalog and the gateway run as their own processes (as `npm start`
// runs them, on throw-away databases of the test PostgreSQL); this process is only the load generator.
//   BENCH_SECONDS (default 20) per scenario, BENCH_ROUND_SECONDS (default 2), BENCH_CONNECTIONS
//   (default 16), BENCH_PRODUCTS (default 100), REDIS_URL (default redis://127.0.0.1:6379)
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { dropDatabases, startFleet } from "@ecommerce/dev";
import {
  figuresTable,
  machineTicks,
  measureInRounds,
  testIssuer,
  testServerUrl,
} from "@ecommerce/test-support";

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const roundSeconds = Math.min(seconds, Number(process.env.BENCH_ROUND_SECONDS ?? 2));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const productCount = Number(process.env.BENCH_PRODUCTS ?? 100);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function post<T>(url: string, body: unknown, token: string): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function main() {
  const postgresUrl = await testServerUrl();
  const prefix = `gwbench_${randomBytes(3).toString("hex")}_`;
  // Both verify tokens of test-support's issuer (its key set in a file); reads of the catalogue are anonymous.
  const issuer = await testIssuer();
  const jwksFile = join(mkdtempSync(join(tmpdir(), "gateway-bench-")), "jwks.json");
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  const token = await issuer.tokenFor({ sub: "bench", roles: ["catalog.write"] });
  log("starting catalog and the gateway as processes");
  const fleet = await startFleet({
    postgresUrl,
    only: ["gateway", "catalog"],
    databasePrefix: prefix,
    portOffset: 2000 + Math.floor(Math.random() * 400) * 10,
    env: {
      LOG_LEVEL: "warn",
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      AUTH_JWKS_FILE: jwksFile,
      NODE_ENV: "production",
      REDIS_URL: redisUrl,
      CACHE_MODE: "redis",
      BUS_ENABLED: "true",
      // The benchmark's one client would meet the limit at once; the limit's Redis counting stays on.
      RATE_LIMIT_MAX: "1000000000",
    },
  });
  try {
    const catalog = fleet.url("catalog");
    const gateway = fleet.url("gateway");
    const category = await post<{ id: string }>(`${catalog}/categories`, { name: `Bench ${prefix}` }, token);
    const ids: string[] = [];
    for (let i = 0; i < productCount; i++) {
      const product = await post<{ id: string }>(
        `${catalog}/products`,
        {
          sku: `GWB-${i}`,
          name: `Product ${i}`,
          description:
            "A product of the gateway benchmark, with a description of a realistic length. ".repeat(3),
          price: { amount: `${1 + (i % 200)}.50`, currency: "EUR" },
          categoryId: category.id,
          initialStock: 100,
        },
        token,
      );
      ids.push(product.id);
    }
    log(`warming catalog's cache with ${productCount} products`);
    for (const id of ids) {
      const direct = await fetch(`${catalog}/products/${id}`);
      const relayed = await fetch(`${gateway}/api/products/${id}`);
      if (!direct.ok || !relayed.ok) throw new Error(`warm-up: ${direct.status} / ${relayed.status}`);
      await Promise.all([direct.arrayBuffer(), relayed.arrayBuffer()]);
    }
    let n = 0;
    const next = () => ids[n++ % ids.length] as string;
    const before = machineTicks();
    const [direct, through] = await measureInRounds(
      [
        { scenario: "GetProduct direct to catalog", url: catalog, path: () => `/products/${next()}` },
        { scenario: "GetProduct through the gateway", url: gateway, path: () => `/api/products/${next()}` },
      ],
      { seconds, roundSeconds, connections, log },
    );
    const after = machineTicks();
    if (!direct || !through) throw new Error("no figures");
    const busy = Math.round(((after.busy - before.busy) / (after.total - before.total)) * 100);
    const kept = Math.round((through.rps / direct.rps) * 100);
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(
      `\ngateway benchmark (${machine}; ${seconds} s per scenario in alternating rounds of ${roundSeconds} s, ${connections} connections; latencies: median over the rounds; machine ${busy} % busy during the run)\n`,
    );
    console.log(figuresTable([direct, through]));
    console.log(`\nthrough the gateway: ${kept} % of direct throughput (target at least 70 %)\n`);
    console.log(
      JSON.stringify({
        benchmark: "gateway",
        machine,
        seconds,
        round_seconds: roundSeconds,
        connections,
        direct_rps: direct.rps,
        direct_p50_ms: direct.p50,
        direct_p99_ms: direct.p99,
        direct_errors: direct.errors,
        gateway_rps: through.rps,
        gateway_p50_ms: through.p50,
        gateway_p99_ms: through.p99,
        gateway_errors: through.errors,
        gateway_share_of_direct_pct: kept,
        machine_busy_pct: busy,
      }),
    );
  } finally {
    await fleet.stop();
    await dropDatabases(postgresUrl, prefix);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
