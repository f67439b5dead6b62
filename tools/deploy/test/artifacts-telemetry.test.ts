import {
  createTestDatabase,
  type OtlpReceiver,
  startOtlpReceiver,
  type TestDatabase,
  waitFor,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killArtifacts, runArtifact, unpackArtifact } from "./support/artifact-process.ts";

// Telemetry in the bundled artifact: OpenTelemetry patches pg and Redis as they are required, which
// works only because the build ships them beside the bundle rather than inside it. Catalog's
// artifact, unpacked and started with `node main.mjs`, exports over OTLP to a receiver here.
describe("telemetry in the catalog artifact", () => {
  let unpacked: { dir: string; remove(): void };
  const databases: TestDatabase[] = [];
  let receiver: OtlpReceiver;
  const env: Record<string, string> = {
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    PORT: "0",
    LOG_LEVEL: "info",
  };

  beforeAll(async () => {
    unpacked = await unpackArtifact("catalog");
    receiver = await startOtlpReceiver();
    const own = await createTestDatabase({ prefix: "artifact_telemetry_catalog" });
    const bus = await createTestDatabase({ prefix: "artifact_telemetry_catalog_bus" });
    databases.push(own, bus);
    Object.assign(env, { DATABASE_URL: own.url, BUS_DATABASE_URL: bus.url });
  });

  afterAll(async () => {
    await killArtifacts();
    await receiver?.close();
    for (const database of databases) await database.drop();
    unpacked?.remove();
  });

  it("traces a request with its route, its pg statements and its Redis calls, and logs its trace id", async () => {
    const running = runArtifact(unpacked.dir, {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    });
    const [, port] = await running.waitForOutput("listening", /listening on http:\/\/[\d.]+:(\d+)/);
    const base = `http://127.0.0.1:${port}`;
    // A process that has just started on a busy machine may shed load (503) for a moment.
    const read = await waitFor("a product page", async () => {
      const response = await fetch(`${base}/products?limit=5`);
      return response.status === 503 ? undefined : response;
    });
    expect(read.status).toBe(200);

    const server = await waitFor("the request's SERVER span", () =>
      receiver
        .spans()
        .find((s) => s.service === "catalog" && s.kind === 2 && s.attributes["http.route"] === "/products"),
    );
    const inTrace = () => receiver.spans().filter((s) => s.traceId === server.traceId);
    const names = () => inTrace().map((s) => s.name);
    await waitFor("a pg statement in its trace", () => names().some((n) => n.startsWith("pg.query"))).catch(
      (error: Error) => {
        throw new Error(`${error.message}; spans: ${names().join(", ")}`);
      },
    );
    await waitFor("a Redis call in its trace", () => names().some((n) => n.startsWith("redis-"))).catch(
      (error: Error) => {
        throw new Error(`${error.message}; spans: ${names().join(", ")}`);
      },
    );
    const logged = running
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.some((l) => l.trace_id === server.traceId)).toBe(true);
    expect(await running.stop(), running.output().slice(-3000)).toBe(0);
  });
});
