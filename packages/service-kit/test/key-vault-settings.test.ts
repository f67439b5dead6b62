import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, readKeyVaultSettings, secretNameOf } from "../src/index.ts";
import { FakeSecretStore } from "./support/fake-secret-store.ts";

const REFERENCE = "@Microsoft.KeyVault(SecretUri=https://fleet-kv.vault.azure.net/secrets/db-url/)";

describe("settings from Key Vault", () => {
  it("names a setting's secret with dashes, optionally for one service", () => {
    expect(secretNameOf("DATABASE_URL")).toBe("DATABASE-URL");
    expect(secretNameOf("DATABASE_URL", "catalog")).toBe("catalog--DATABASE-URL");
  });

  it("reads the known settings, the service's own secret winning over the shared one", async () => {
    const store = new FakeSecretStore(
      {
        "DATABASE-URL": "postgres://shared@db/shared",
        "probe--DATABASE-URL": "postgres://probe@db/probe",
        "REDIS-URL": "rediss://cache:10000",
        "catalog--BUS-DATABASE-URL": "postgres://catalog@db/bus",
        "UNRELATED-SECRET": "not a setting of this service",
        "BUS-DATABASE-URL": "postgres://old@db/bus",
      },
      ["BUS-DATABASE-URL"],
    );
    const values = await readKeyVaultSettings({
      store,
      service: "probe",
      settings: ["DATABASE_URL", "REDIS_URL", "BUS_DATABASE_URL"],
      env: {},
    });
    expect(values).toEqual({ DATABASE_URL: "postgres://probe@db/probe", REDIS_URL: "rediss://cache:10000" });
    // Only what is used is read: not another service's secret, a disabled one, or an unknown name.
    expect(store.reads.sort()).toEqual(["REDIS-URL", "probe--DATABASE-URL"]);
  });

  it("matches names without case, as Key Vault does", async () => {
    const store = new FakeSecretStore({ "Probe--Database-Url": "postgres://probe@db/probe" });
    const values = await readKeyVaultSettings({
      store,
      service: "probe",
      settings: ["DATABASE_URL"],
      env: {},
    });
    expect(values).toEqual({ DATABASE_URL: "postgres://probe@db/probe" });
  });

  it("refuses a setting given by both the environment and the vault, naming it without its values", async () => {
    const store = new FakeSecretStore({ "DATABASE-URL": "postgres://app:vault-secret@db/app" });
    const read = readKeyVaultSettings({
      store,
      service: "probe",
      settings: ["DATABASE_URL"],
      env: { DATABASE_URL: "postgres://app:env-secret@db/app" },
    });
    await expect(read).rejects.toBeInstanceOf(ConfigError);
    await expect(read).rejects.toThrow(
      /DATABASE_URL is set both in the environment and in Key Vault \(secret DATABASE-URL\)/,
    );
    await expect(read).rejects.not.toThrow(/secret@/);
  });

  it("replaces an unresolved App Service reference with the vault's value", async () => {
    const store = new FakeSecretStore({ "DATABASE-URL": "postgres://app@db/app" });
    const values = await readKeyVaultSettings({
      store,
      service: "probe",
      settings: ["DATABASE_URL"],
      env: { DATABASE_URL: REFERENCE },
    });
    expect(values).toEqual({ DATABASE_URL: "postgres://app@db/app" });
  });
});

describe("an unresolved App Service Key Vault reference", () => {
  const schema = Type.Object({
    DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
    SERVICE_NAME: Type.String({ default: "probe" }),
  });

  it("is reported by the setting's name, once, and never used as a value", () => {
    let error: unknown;
    try {
      loadConfig(schema, { DATABASE_URL: REFERENCE, SERVICE_NAME: REFERENCE });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DATABASE_URL is an unresolved Key Vault reference/);
    expect(problems[1]).toMatch(/^SERVICE_NAME is an unresolved Key Vault reference/);
    expect((error as Error).message).not.toContain("fleet-kv");
  });
});
