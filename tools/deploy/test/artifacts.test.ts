import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase, testIssuer, waitFor } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { smokeCheck } from "../src/smoke.ts";
import {
  type ArtifactProcess,
  answers,
  externalAddress,
  killArtifacts,
  runArtifact,
  symlinksUnder,
  unpackArtifact,
} from "./support/artifact-process.ts";

// Each service's App Service artifact, unpacked outside the repository and started with
// `node main.mjs` against the local PostgreSQL (the postgres bus) and Redis: migrated with
// --migrate-only, then ready and answering a real request in production, then
// serving Swagger UI outside production.
const services = inject("services");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const listening = /listening on http:\/\/[\d.]+:(\d+)/;
// Where another host reaches this one (a container's or App Service's front end, in production).
const external = externalAddress();

describe.each(services)("the $name artifact", (service) => {
  let unpacked: { dir: string; remove(): void };
  const databases: TestDatabase[] = [];
  const env: Record<string, string> = { REDIS_URL: redisUrl, PORT: "0", LOG_LEVEL: "info" };
  let running: ArtifactProcess | undefined;

  // Production refuses to start without an issuer to verify tokens against: the test issuer's keys.
  let auth: { dir: string; env: Record<string, string>; token: string };

  beforeAll(async () => {
    unpacked = await unpackArtifact(service.name);
    const issuer = await testIssuer();
    const dir = mkdtempSync(join(tmpdir(), "artifact-auth-"));
    writeFileSync(join(dir, "jwks.json"), JSON.stringify(issuer.jwks));
    auth = {
      dir,
      env: {
        AUTH_ISSUER: issuer.verifierOptions.issuer,
        AUTH_AUDIENCE: issuer.verifierOptions.audience,
        AUTH_JWKS_FILE: join(dir, "jwks.json"),
      },
      token: await issuer.tokenFor({ sub: "artifact-smoke", roles: ["admin"] }),
    };
    if (service.database) {
      const own = await createTestDatabase({ prefix: `artifact_${service.name}` });
      const bus = await createTestDatabase({ prefix: `artifact_${service.name}_bus` });
      databases.push(own, bus);
      Object.assign(env, { DATABASE_URL: own.url, BUS_DATABASE_URL: bus.url });
    }
  });

  afterAll(async () => {
    await killArtifacts();
    for (const database of databases) await database.drop();
    unpacked?.remove();
    if (auth) rmSync(auth.dir, { recursive: true, force: true });
  });

  it("holds no symbolic link, and everything it runs is inside it", () => {
    expect(symlinksUnder(unpacked.dir)).toEqual([]);
  });

  it.runIf(service.database)(
    "migrates its database with --migrate-only, and reports what it applied",
    async () => {
      const migrate = runArtifact(unpacked.dir, { ...env, NODE_ENV: "production" }, ["--migrate-only"]);
      expect(await migrate.exited, migrate.output()).toBe(0);
      expect(migrate.output()).toMatch(new RegExp(`${service.name}: [1-9]\\d* migration\\(s\\) applied`));
    },
  );

  it("in production: listens on every interface, is ready with all its checks, answers a real request, hides Swagger UI, stops cleanly", async () => {
    running = runArtifact(unpacked.dir, {
      ...env,
      ...auth.env,
      NODE_ENV: "production",
      MIGRATE_ON_START: "false",
    });
    const [, port] = await running.waitForOutput("listening", listening);
    if (external) expect(await answers(`http://${external}:${port}/health/live`)).toBe(true);
    const base = `http://127.0.0.1:${port}`;
    // The gateway has no list of its own and no upstream runs here: its real request is the
    // document it aggregates (naming the services it could not reach).
    const request = service.database ? {} : { path: "/openapi.json" };
    const smoke = await smokeCheck(base, { readyTimeoutMs: 60_000, token: auth.token, ...request });
    const checks = Object.keys((smoke.ready as { checks: Record<string, unknown> }).checks);
    if (service.database) expect(checks).toEqual(expect.arrayContaining(["database", "migrations", "bus"]));
    if (service.cache) expect(checks).toContain("redis");
    expect((await fetch(`${base}/docs/`)).status).toBe(404);
    expect(await running.stop(), running.output().slice(-3000)).toBe(0);
    running = undefined;
  });

  it("outside production: only on loopback, with Swagger UI and its static files served from beside the bundle", async () => {
    running = runArtifact(unpacked.dir, env);
    const [, port] = await running.waitForOutput("listening", listening);
    if (external) expect(await answers(`http://${external}:${port}/health/live`)).toBe(false);
    const base = `http://127.0.0.1:${port}`;
    // A process that has just started on a busy machine may shed load (503) for a moment.
    const page = await waitFor("Swagger UI", async () => {
      const response = await fetch(`${base}/docs/`);
      return response.status === 503 ? undefined : response;
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("swagger-ui");
    for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "logo.svg"]) {
      expect((await fetch(`${base}/docs/static/${file}`)).status, file).toBe(200);
    }
    expect(await running.stop(), running.output().slice(-3000)).toBe(0);
    running = undefined;
  });
});
