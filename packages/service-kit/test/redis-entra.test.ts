import { randomUUID } from "node:crypto";
import pino from "pino";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConfigError,
  createCache,
  loadRunnerSettings,
  REDIS_ENTRA_SCOPE,
  redisClientOptions,
} from "../src/index.ts";
import { probeSpec } from "./fixtures/probe-service.ts";
import { FakeTokenCredential } from "./support/fake-token-credential.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A JWT-shaped token naming `oid`: @redis/entraid takes the Redis user name from that claim. */
function tokenFor(oid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ oid, exp: Math.floor(Date.now() / 1000) + 3600 })}.signature`;
}

/** Issues tokens for one identity (the SDK edge), recording the scopes asked for. */
class IdentityCredential extends FakeTokenCredential {
  constructor(oid: string) {
    super();
    this.next = tokenFor(oid);
  }
  override async getToken(scopes: string | string[]) {
    const token = await super.getToken(scopes);
    this.next = token.token;
    return token;
  }
}

describe("REDIS_AUTH=entra", () => {
  // The local Redis gets a user of its own for the identity, with the token as its password, as
  // Azure Managed Redis has for an identity given access: the client must authenticate as it.
  const oid = `entra-test-${randomUUID()}`;
  const credential = new IdentityCredential(oid);
  const admin = createClient({ url: REDIS_URL });

  beforeAll(async () => {
    await admin.connect();
    await admin.sendCommand(["ACL", "SETUSER", oid, "on", `>${credential.next}`, "~*", "+@all"]);
  });
  afterAll(async () => {
    await admin.sendCommand(["ACL", "DELUSER", oid]);
    await admin.close();
  });

  it("authenticates the cache's client as the identity, with a token of Redis's scope", async () => {
    const cache = await createCache({
      namespace: `entra-${randomUUID()}`,
      mode: "redis",
      redisUrl: REDIS_URL,
      redisCredential: credential,
      logger: pino({ level: "silent" }),
    });
    try {
      await cache.ping();
      const clients = String(await admin.sendCommand(["CLIENT", "LIST"]));
      expect(clients).toContain(`user=${oid}`);
      expect(credential.scopes).toEqual([REDIS_ENTRA_SCOPE]);
    } finally {
      await cache.close();
    }
  });

  it("takes TLS from a rediss:// URL and adds a token provider only with a credential", async () => {
    const withToken = await redisClientOptions({ url: "rediss://cache.example:10000", credential });
    expect(withToken.url).toBe("rediss://cache.example:10000");
    expect(withToken.credentialsProvider?.type).toBe("streaming-credentials-provider");
    const plain = await redisClientOptions({ url: "redis://127.0.0.1:6379" });
    expect(plain.credentialsProvider).toBeUndefined();
  });

  it("is refused without TLS or with a password in the URL, naming the setting", async () => {
    const base = { NODE_ENV: "test", DATABASE_URL: "postgres://app@db/app", REDIS_AUTH: "entra" };
    const spec = probeSpec({ instance: "redis-entra" });
    const azure = { credential: new FakeTokenCredential() };
    await expect(
      loadRunnerSettings(spec, { ...base, REDIS_URL: "redis://cache.example:6379" }, azure),
    ).rejects.toThrow(/REDIS_URL must be rediss:\/\/ \(TLS\) with REDIS_AUTH=entra/);
    const withPassword = loadRunnerSettings(
      spec,
      { ...base, REDIS_URL: "rediss://default:Sup3r-Secret@cache.example:10000" },
      azure,
    );
    await expect(withPassword).rejects.toBeInstanceOf(ConfigError);
    await expect(withPassword).rejects.not.toThrow(/Sup3r-Secret/);
    await expect(loadRunnerSettings(spec, base, azure)).rejects.toThrow(/REDIS_AUTH=entra needs REDIS_URL/);
  });
});
