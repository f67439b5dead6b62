// `pnpm bus` without settings uses the local fleet's bus database. That it then works against a
// running fleet is proven in tools/dev/test/start-fleet.test.ts (a real launcher and embedded
// PostgreSQL); here: which URL it picks, and that the real entry point uses it.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { withLocalFleetBus } from "../src/cli/local-fleet-bus.ts";

describe("the local fleet's bus as the CLI's default", () => {
  it("is the bus database of the embedded PostgreSQL on FLEET_PG_PORT (default 5439)", () => {
    expect(withLocalFleetBus({})).toEqual({
      env: { BUS_DATABASE_URL: "postgres://postgres:postgres@127.0.0.1:5439/bus" },
      defaulted: "postgres://postgres@127.0.0.1:5439/bus",
    });
    expect(withLocalFleetBus({ FLEET_PG_PORT: "6001" }).env.BUS_DATABASE_URL).toBe(
      "postgres://postgres:postgres@127.0.0.1:6001/bus",
    );
  });

  it("is the database bus on FLEET_POSTGRES_URL's server when that is set, its password not shown", () => {
    const { env, defaulted } = withLocalFleetBus({
      FLEET_POSTGRES_URL: "postgres://app:s3cret@db.example:5433/postgres?sslmode=require",
      FLEET_PG_PORT: "6001",
    });
    expect(env.BUS_DATABASE_URL).toBe("postgres://app:s3cret@db.example:5433/bus?sslmode=require");
    expect(defaulted).toBe("postgres://app@db.example:5433/bus?sslmode=require");
  });

  it("leaves a given BUS_DATABASE_URL, and other transports, alone", () => {
    const given = { BUS_DATABASE_URL: "postgres://u@h:1/b", FLEET_PG_PORT: "6001" };
    expect(withLocalFleetBus(given)).toEqual({ env: given });
    const azure = { BUS_TRANSPORT: "azure-service-bus", SERVICEBUS_FQDN: "ns.servicebus.windows.net" };
    expect(withLocalFleetBus(azure)).toEqual({ env: azure });
  });

  it("is what `pnpm bus` uses, saying so, and a fleet that is not running is named as the cause", async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, FLEET_PG_PORT: String(port), LOG_LEVEL: "silent" };
    for (const key of ["BUS_DATABASE_URL", "BUS_TRANSPORT", "FLEET_POSTGRES_URL"]) delete env[key];
    const result = await runEntry(["dead-letters", "list", "ordering.catalog"], env);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`bus: the local fleet's, postgres://postgres@127.0.0.1:${port}/bus`);
    expect(result.stderr).toContain("is the local fleet running? Start it with `npm start`");
    expect(result.stderr).not.toContain("BUS_DATABASE_URL is required");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runEntry(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const entry = fileURLToPath(new URL("../src/cli/bus-cli.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}
