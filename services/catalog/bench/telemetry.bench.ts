// `pnpm --filter @ecommerce/catalog bench:telemetry`: the cached product read's throughput with
// telemetry on (exporting over OTLP to a local endpoint that drops what it gets) and off, side by
// side. Two catalog processes started as in production (`node --import tsx src/main.ts`, the kit's
// process entry), on one database and one Redis; this process is only the load generator (and the
// no-op endpoint). The two take turns in short rounds, in alternating order, so that load from
// elsewhere on a shared machine lands on both.
//   BENCH_SECONDS (default 30) per side, BENCH_ROUND_SECONDS (default 3), BENCH_CONNECTIONS (default 16),
//   BENCH_PRODUCTS (default 200), REDIS_URL (default redis://127.0.0.1:6379),
//   BENCH_SAMPLING (default 1): the share of traces the "on" instance records
//   (OTEL_TRACES_SAMPLER=parentbased_traceidratio, as production may set it)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createTestDatabase,
  machineTicks,
  startOtlpReceiver,
  testIssuer,
  waitFor,
} from "@ecommerce/test-support";
import autocannon from "autocannon";

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const roundSeconds = Math.min(seconds, Number(process.env.BENCH_ROUND_SECONDS ?? 3));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const productCount = Number(process.env.BENCH_PRODUCTS ?? 200);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const sampling = process.env.BENCH_SAMPLING ?? "1";
const catalogDir = fileURLToPath(new URL("..", import.meta.url));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Instance {
  name: "off" | "on";
  url: string;
  child: ChildProcess;
}

function startCatalog(name: Instance["name"], port: number, env: NodeJS.ProcessEnv): Instance {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: catalogDir,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      BUS_ENABLED: "false",
      CACHE_MODE: "redis",
      REDIS_URL: redisUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: "",
      APPLICATIONINSIGHTS_CONNECTION_STRING: "",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { name, url: `http://127.0.0.1:${port}`, child };
}

async function ready(instance: Instance): Promise<void> {
  await waitFor(
    `catalog (telemetry ${instance.name}) to be ready`,
    async () => (await fetch(`${instance.url}/health/ready`).catch(() => undefined))?.ok,
    { timeoutMs: 90_000, intervalMs: 250 },
  );
}

async function post<T>(url: string, body: object, token: string): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Round {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

async function round(instance: Instance, products: string[]): Promise<Round> {
  let next = 0;
  const result = await autocannon({
    url: instance.url,
    connections,
    duration: roundSeconds,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          method: "GET",
          path: `/products/${products[next++ % products.length]}`,
        }),
      },
    ],
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
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  const database = await createTestDatabase({ prefix: "catalog_telemetry_bench" });
  const collector = await startOtlpReceiver();
  collector.keep = false;
  // Both verify test-support's issuer (the reads are anonymous; seeding acts as staff).
  const issuer = await testIssuer();
  const authDir = mkdtempSync(join(tmpdir(), "telemetry-bench-"));
  const jwksFile = join(authDir, "jwks.json");
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  const auth = {
    AUTH_ISSUER: issuer.verifierOptions.issuer,
    AUTH_AUDIENCE: issuer.verifierOptions.audience,
    AUTH_JWKS_FILE: jwksFile,
  };
  const staff = await issuer.tokenFor({ sub: "telemetry-bench", roles: ["admin"] });
  const base = 39_000 + Math.floor(Math.random() * 500) * 2;
  const instances = [
    startCatalog("off", base, { ...auth, DATABASE_URL: database.url }),
    startCatalog("on", base + 1, {
      ...auth,
      DATABASE_URL: database.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: sampling,
    }),
  ];
  try {
    await ready(instances[0]!);
    await ready(instances[1]!);
    const [off] = instances as [Instance, Instance];
    log(`seeding ${productCount} products`);
    const category = await post<{ id: string }>(`${off.url}/categories`, { name: "Telemetry bench" }, staff);
    const products: string[] = [];
    for (let i = 0; i < productCount; i++) {
      const product = await post<{ id: string }>(
        `${off.url}/products`,
        {
          sku: `TEL-${Date.now()}-${i}`,
          name: `Product ${i}`,
          description: "A product of the telemetry benchmark. ".repeat(4),
          price: { amount: `${1 + (i % 90)}.50`, currency: "EUR" },
          categoryId: category.id,
          initialStock: 100,
        },
        staff,
      );
      products.push(product.id);
    }
    log("warming both instances (every product read once through each)");
    for (const instance of instances)
      for (const id of products) await fetch(`${instance.url}/products/${id}`);

    const rounds: Record<Instance["name"], Round[]> = { off: [], on: [] };
    const count = Math.max(1, Math.round(seconds / roundSeconds));
    const before = machineTicks();
    const loadBefore = loadavg()[0]!;
    for (let r = 0; r < count; r++) {
      const order = r % 2 === 0 ? instances : [...instances].reverse();
      for (const instance of order) rounds[instance.name].push(await round(instance, products));
      log(`round ${r + 1}/${count} done`);
    }
    const after = machineTicks();
    const machineBusy = Math.round((100 * (after.busy - before.busy)) / (after.total - before.total));
    const figures = instances.map(({ name }) => {
      const mine = rounds[name];
      return {
        telemetry: name,
        rps: Math.round(mine.reduce((s, r) => s + r.requests, 0) / mine.reduce((s, r) => s + r.seconds, 0)),
        p50: median(mine.map((r) => r.p50)),
        p99: median(mine.map((r) => r.p99)),
        errors: mine.reduce((s, r) => s + r.errors, 0),
        roundsRps: mine.map((r) => Math.round(r.requests / r.seconds)),
      };
    });
    const [offFigures, onFigures] = figures as [(typeof figures)[0], (typeof figures)[0]];
    const ratio = Math.round((1000 * onFigures.rps) / offFigures.rps) / 10;
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
    console.log(
      `\nGET /products/:id through the Redis cache, ${connections} connections, ${count} rounds of ${roundSeconds} s each`,
    );
    console.log(
      `machine: ${machine}; 1-min load average before: ${loadBefore.toFixed(2)}; machine busy during the run: ${machineBusy} %\n`,
    );
    console.log("| telemetry | requests/s | p50 ms | p99 ms | errors | requests/s per round |");
    console.log("|---|---:|---:|---:|---:|---|");
    for (const f of figures)
      console.log(
        `| ${f.telemetry} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.errors} | ${f.roundsRps.join(", ")} |`,
      );
    console.log(`\ntelemetry on (sampling ${sampling}) / off: ${ratio} % (target ≥ 85 %)`);
    console.log(
      JSON.stringify({
        benchmark: "catalog-cached-read-telemetry",
        sampling: Number(sampling),
        connections,
        rounds: count,
        roundSeconds,
        offRps: offFigures.rps,
        onRps: onFigures.rps,
        onOffPercent: ratio,
        offP99: offFigures.p99,
        onP99: onFigures.p99,
        errors: offFigures.errors + onFigures.errors,
        machineBusyPercent: machineBusy,
        loadAverageBefore: loadBefore,
        machine,
      }),
    );
  } finally {
    for (const { child } of instances) child.kill("SIGTERM");
    await Promise.all(
      instances.map(({ child }) =>
        child.exitCode !== null ? undefined : new Promise((resolve) => child.once("exit", resolve)),
      ),
    );
    await collector.close();
    await database.drop();
    rmSync(authDir, { recursive: true, force: true });
  }
}

await main();
