import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestIssuer, testIssuer } from "@ecommerce/test-support";
import { startTestFleet, type TestFleet } from "./fleet-harness.ts";

export const ALL_SERVICES = ["gateway", "catalog", "ordering", "customer", "billing", "shipping"];

export interface GatewayFleet {
  fleet: TestFleet;
  issuer: TestIssuer;
  gateway: string;
  /** An admin's token. */
  admin: string;
  /** fetch on the gateway; the admin's token unless `authorization` is given ("" for none). */
  call(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * The whole fleet behind its gateway, every service verifying tokens of test-support's issuer (its
 * JWKS in a file, as a deployment would name Entra ID's), so that a test can mint any token.
 */
export async function startGatewayFleet(env: NodeJS.ProcessEnv = {}): Promise<GatewayFleet> {
  const issuer = await testIssuer();
  const jwksFile = join(mkdtempSync(join(tmpdir(), "fleet-jwks-")), "jwks.json");
  writeFileSync(jwksFile, JSON.stringify(issuer.jwks));
  const fleet = await startTestFleet(ALL_SERVICES, {
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    AUTH_JWKS_FILE: jwksFile,
    RATE_LIMIT_MAX: "100000",
    ...env,
  });
  const gateway = fleet.url("gateway");
  const admin = await issuer.tokenFor({ sub: "fleet-admin", roles: ["admin"] });
  return {
    fleet,
    issuer,
    gateway,
    admin,
    call: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${admin}`);
      if (headers.get("authorization") === "") headers.delete("authorization");
      return fetch(`${gateway}${path}`, { ...init, headers });
    },
  };
}
