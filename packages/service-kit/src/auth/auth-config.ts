import { readFile } from "node:fs/promises";
import type { JSONWebKeySet } from "jose";
import { Type } from "typebox";
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevIssuer } from "./dev-issuer.ts";
import type { TokenVerifierOptions } from "./token-verifier.ts";

/** The variables token verification reads; validated with the runner's (see runnerConfigSchema). */
export const authConfigSchema = {
  /** The `iss` tokens must carry (Entra ID: `https://login.microsoftonline.com/<tenant>/v2.0`). */
  AUTH_ISSUER: Type.Optional(Type.String({ minLength: 1 })),
  /** The `aud` tokens must carry: this API's application id URI or client id. */
  AUTH_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
  /** The issuer's JWKS endpoint. */
  AUTH_JWKS_URI: Type.Optional(Type.String({ pattern: "^https?://" })),
  /** Or a JWKS file (the development issuer's `.data/auth/jwks.json`). */
  AUTH_JWKS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AUTH_CLOCK_TOLERANCE_SECONDS: Type.Integer({ minimum: 0, maximum: 300, default: 30 }),
};

export interface AuthConfig {
  NODE_ENV: "development" | "test" | "production";
  AUTH_ISSUER?: string | undefined;
  AUTH_AUDIENCE?: string | undefined;
  AUTH_JWKS_URI?: string | undefined;
  AUTH_JWKS_FILE?: string | undefined;
  AUTH_CLOCK_TOLERANCE_SECONDS: number;
}

/** Authentication is misconfigured: the process stops with this one line. There is no "auth off". */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthConfigError";
  }
}

const NEEDED = "set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URI (or AUTH_JWKS_FILE)";

/** Refuses what cannot be right before anything starts; returns the problem, or undefined. */
export function authConfigProblem(config: AuthConfig): string | undefined {
  const production = config.NODE_ENV === "production";
  const given = [config.AUTH_ISSUER, config.AUTH_AUDIENCE, config.AUTH_JWKS_URI, config.AUTH_JWKS_FILE];
  const none = given.every((v) => v === undefined);
  if (none && !production) return undefined; // the development issuer
  if (none) return `authentication is not configured: ${NEEDED}`;
  if (!config.AUTH_ISSUER || !config.AUTH_AUDIENCE || (!config.AUTH_JWKS_URI && !config.AUTH_JWKS_FILE)) {
    return `authentication is configured in part: ${NEEDED}`;
  }
  if (config.AUTH_JWKS_URI && config.AUTH_JWKS_FILE) {
    return "authentication: set AUTH_JWKS_URI or AUTH_JWKS_FILE, not both";
  }
  if (production && config.AUTH_JWKS_URI?.startsWith("http://")) {
    return "authentication: AUTH_JWKS_URI must be https in production";
  }
  return undefined;
}

/**
 * What the runner verifies tokens with. Outside production, with no AUTH_* set, the development
 * issuer (its key pair made on first start under `.data/auth/`); a JWKS file is read once, at start.
 */
export async function authSettingsFrom(config: AuthConfig): Promise<TokenVerifierOptions> {
  const problem = authConfigProblem(config);
  if (problem) throw new AuthConfigError(problem);
  const clockToleranceSeconds = config.AUTH_CLOCK_TOLERANCE_SECONDS;
  if (!config.AUTH_ISSUER || !config.AUTH_AUDIENCE) {
    const { jwksFile } = await ensureDevIssuer();
    return {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      jwks: await readJwks(jwksFile),
      clockToleranceSeconds,
    };
  }
  const jwks = config.AUTH_JWKS_URI
    ? new URL(config.AUTH_JWKS_URI)
    : await readJwks(config.AUTH_JWKS_FILE as string);
  return { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, jwks, clockToleranceSeconds };
}

async function readJwks(file: string): Promise<JSONWebKeySet> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new AuthConfigError(
      `authentication: AUTH_JWKS_FILE ${file} cannot be read: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new AuthConfigError(`authentication: AUTH_JWKS_FILE ${file} is not a JWKS (no "keys" array)`);
  }
  return parsed as JSONWebKeySet;
}
