// The development issuer as the fleet uses it: its key pair under <FLEET_DATA_DIR>/auth (made on
// first start), the AUTH_* every service gets, and tokens for the seed, the demo and `pnpm -s run token`.
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevIssuer, signDevToken } from "@ecommerce/service-kit";

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Where the key pair lives: `auth/` in the fleet's data folder (git-ignored `.data/` by default). */
export function devIssuerDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = env.FLEET_DATA_DIR || ".data";
  return join(isAbsolute(dataDir) ? dataDir : join(repositoryRoot, dataDir), "auth");
}

/** AUTH_* naming the development issuer; makes its key pair first if there is none. */
export async function devAuthEnv(dir: string = devIssuerDir()): Promise<Record<string, string>> {
  const { jwksFile } = await ensureDevIssuer(dir);
  return { AUTH_ISSUER: DEV_ISSUER, AUTH_AUDIENCE: DEV_AUDIENCE, AUTH_JWKS_FILE: jwksFile };
}

/** A token of the development issuer (8 hours by default). */
export function devToken(sub: string, roles: string[], dir: string = devIssuerDir()): Promise<string> {
  return signDevToken({ sub, roles, dir });
}

/** The staff identity the seed and the demo act as. */
export const FLEET_STAFF = { sub: "fleet-admin", roles: ["admin"] };
