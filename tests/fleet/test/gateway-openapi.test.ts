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
  document = (await (await fleet.call("/openapi.json", { headers: { authorization: "" } })).json()) as Record<string, unknown>;
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
    out = execFileSync(bin, ["lint", "--ruleset", ruleset, "--format", "json", "--quiet", join(dir, "openapi.json")], {
      encoding: "utf8",
      cwd: join(import.meta.dirname, ".."),
      maxBuffer: 64 * 1024 * 1024,
    });
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
      expect(paths.some((p) => p.startsWith(`/api/${resource}`)), resource).toBe(true);
    }
    expect(String((document.info as { description: string }).description)).not.toContain("missing");
  });

  it("passes Spectral's OWASP API ruleset without errors", () => {
    const results = spectral(document);
    const summary = new Map<string, number>();
    for (const r of results) summary.set(`${r.severity === 0 ? "error" : r.severity === 1 ? "warning" : "info"} ${r.code}`, (summary.get(`${r.severity === 0 ? "error" : r.severity === 1 ? "warning" : "info"} ${r.code}`) ?? 0) + 1);
    console.log([...summary].sort().map(([k, v]) => `${k}: ${v}`).join("\n"));
    console.log(results.filter((r) => r.severity === 0).slice(0, 30).map((r) => `${r.code} ${r.path.join(".")} ${r.message}`).join("\n"));
    expect(results.filter((r) => r.severity === 0)).toEqual([]);
  });
});
