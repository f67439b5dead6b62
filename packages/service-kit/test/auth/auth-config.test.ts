import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AuthConfigError,
  authConfigProblem,
  authSettingsFrom,
  createTokenVerifier,
  DEV_AUDIENCE,
  DEV_ISSUER,
  ensureDevIssuer,
  signDevToken,
} from "../../src/index.ts";

const base = { AUTH_CLOCK_TOLERANCE_SECONDS: 30 };
const entra = {
  AUTH_ISSUER: "https://login.microsoftonline.com/tenant/v2.0",
  AUTH_AUDIENCE: "api://ecommerce",
  AUTH_JWKS_URI: "https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
};

describe("auth configuration", () => {
  it("in production, missing or partial settings are one clear refusal; there is no way to turn auth off", () => {
    const production = { ...base, NODE_ENV: "production" as const };
    expect(authConfigProblem(production)).toBe(
      "authentication is not configured: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URI (or AUTH_JWKS_FILE)",
    );
    expect(authConfigProblem({ ...production, AUTH_ISSUER: entra.AUTH_ISSUER })).toMatch(
      /configured in part/,
    );
    expect(authConfigProblem({ ...production, ...entra, AUTH_JWKS_URI: "http://keys.example/" })).toMatch(
      /https/,
    );
    expect(authConfigProblem({ ...production, ...entra, AUTH_JWKS_FILE: "/k.json" })).toMatch(/not both/);
    expect(authConfigProblem({ ...production, ...entra })).toBeUndefined();
  });

  it("Entra ID: a remote JWKS, with issuer, audience and clock tolerance from the settings", async () => {
    const settings = await authSettingsFrom({ ...base, NODE_ENV: "production", ...entra });
    expect(settings).toEqual({
      issuer: entra.AUTH_ISSUER,
      audience: entra.AUTH_AUDIENCE,
      jwks: new URL(entra.AUTH_JWKS_URI),
      clockToleranceSeconds: 30,
    });
  });

  it("refuses a JWKS file that is not one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "auth-config-"));
    const settings = { ...base, NODE_ENV: "test" as const, AUTH_ISSUER: "i", AUTH_AUDIENCE: "a" };
    await expect(
      authSettingsFrom({ ...settings, AUTH_JWKS_FILE: join(dir, "missing.json") }),
    ).rejects.toThrow(AuthConfigError);
  });

  it("the development issuer: a key pair made once (private key 0600), whose tokens the services verify", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dev-issuer-"));
    const [first, second] = await Promise.all([ensureDevIssuer(dir), ensureDevIssuer(dir)]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(statSync(join(dir, "signing-key.jwk.json")).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(readFileSync(first.jwksFile, "utf8"));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].d).toBeUndefined();

    const token = await signDevToken({ sub: "ada", roles: ["orders.write"], dir });
    const settings = await authSettingsFrom({
      ...base,
      NODE_ENV: "development",
      AUTH_ISSUER: DEV_ISSUER,
      AUTH_AUDIENCE: DEV_AUDIENCE,
      AUTH_JWKS_FILE: first.jwksFile,
    });
    expect(await createTokenVerifier(settings).verify(token)).toEqual({
      subject: "ada",
      roles: ["orders.write"],
    });
  });
});
