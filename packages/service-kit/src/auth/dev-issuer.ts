import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

/** The development issuer's claims: what `npm start` passes as AUTH_ISSUER and AUTH_AUDIENCE. */
export const DEV_ISSUER = "http://localhost/ecommerce-dev-issuer";
export const DEV_AUDIENCE = "ecommerce-api";

const PRIVATE_KEY_FILE = "signing-key.jwk.json";
const JWKS_FILE = "jwks.json";

/** The repository's git-ignored `.data/auth/` (this file is packages/service-kit/src/auth/). */
export const DEFAULT_DEV_ISSUER_DIR = fileURLToPath(new URL("../../../../.data/auth/", import.meta.url));

export interface DevIssuer {
  dir: string;
  /** The public key set the services verify with (AUTH_JWKS_FILE). */
  jwksFile: string;
  /** True when this call made the key pair. */
  created: boolean;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

/**
 * The development issuer's ES256 key pair, made on first use into `dir`: the private key (mode 0600,
 * for `pnpm -s run token`) and the JWKS the services read. Several processes starting at once are safe: the
 * files are created exclusively, and a loser reads the winner's. Never for production: Entra ID signs there.
 */
export async function ensureDevIssuer(dir: string = DEFAULT_DEV_ISSUER_DIR): Promise<DevIssuer> {
  const jwksFile = join(dir, JWKS_FILE);
  const keyFile = join(dir, PRIVATE_KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (await exists(keyFile)) {
    await waitForFile(jwksFile);
    return { dir, jwksFile, created: false };
  }
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  try {
    await writeFile(keyFile, JSON.stringify({ ...privateJwk, kid, alg: "ES256" }), {
      flag: "wx",
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    await waitForFile(jwksFile);
    return { dir, jwksFile, created: false };
  }
  const jwks = { keys: [{ ...publicJwk, kid, alg: "ES256", use: "sig" }] };
  // Written aside and renamed: a reader never sees half a key set.
  await writeFile(`${jwksFile}.tmp`, JSON.stringify(jwks, null, 2));
  await rename(`${jwksFile}.tmp`, jwksFile);
  return { dir, jwksFile, created: true };
}

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

/** The winner of the race writes the JWKS right after its key: wait for it, briefly. */
async function waitForFile(path: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await readJson(path);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export interface DevTokenRequest {
  sub: string;
  roles: string[];
  /** How long the token is valid, in seconds (default 8 hours: a working day). */
  expiresInSeconds?: number;
  dir?: string;
}

/** A token signed by the development issuer (the key pair is made first if missing). */
export async function signDevToken(request: DevTokenRequest): Promise<string> {
  const { dir } = await ensureDevIssuer(request.dir);
  const jwk = (await readJson(join(dir, PRIVATE_KEY_FILE))) as JWK;
  const key = await importJWK(jwk, "ES256");
  return new SignJWT({ roles: request.roles })
    .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "JWT" })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(request.sub)
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(Math.floor(Date.now() / 1000) + (request.expiresInSeconds ?? 8 * 3600))
    .sign(key);
}
