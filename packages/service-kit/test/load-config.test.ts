import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import { baseConfigSchema, ConfigError, loadConfig, portSchema } from "../src/index.ts";

const schema = Type.Object({
  ...baseConfigSchema,
  PORT: portSchema(3002),
  FEATURE_FLAG: Type.Boolean({ default: false }),
  PAYMENT_API_KEY: Type.String({ minLength: 32 }),
  DB_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  SERVICE_BUS_CONNECTION_STRING: Type.Optional(Type.String({ pattern: "^Endpoint=" })),
  WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  GITHUB_TOKEN: Type.Optional(Type.String({ minLength: 10 })),
  KEY_VAULT_URL: Type.Optional(Type.String({ pattern: "^https://" })),
});

const valid = {
  DATABASE_URL: "postgres://app:pw@db:5432/ordering",
  PAYMENT_API_KEY: "k".repeat(32),
};

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies defaults for every variable that is not set", () => {
    const config = loadConfig(schema, valid);
    expect(config).toMatchObject({
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      MIGRATE_ON_START: true,
      SERVICE_ROLE: "all",
      PORT: 3002,
      FEATURE_FLAG: false,
    });
  });

  it("treats an empty variable as not set", () => {
    expect(loadConfig(schema, { ...valid, PORT: "", LOG_LEVEL: "" })).toMatchObject({
      PORT: 3002,
      LOG_LEVEL: "info",
    });
  });

  it('converts text to the declared types: "3000" is the number 3000, "false" the boolean false', () => {
    const config = loadConfig(schema, {
      ...valid,
      PORT: "3000",
      MIGRATE_ON_START: "false",
      FEATURE_FLAG: "true",
      NODE_ENV: "production",
    });
    expect(config.PORT).toBe(3000);
    expect(config.MIGRATE_ON_START).toBe(false);
    expect(config.FEATURE_FLAG).toBe(true);
    expect(config.NODE_ENV).toBe("production");
  });

  it("ignores variables the schema does not declare", () => {
    const config = loadConfig(schema, { ...valid, UNRELATED: "x" }) as Record<string, unknown>;
    expect(config).not.toHaveProperty("UNRELATED");
  });

  it("reports every bad variable at once, one line each", () => {
    const error = configErrorOf(() =>
      loadConfig(schema, {
        PORT: "not-a-port",
        MIGRATE_ON_START: "maybe",
        NODE_ENV: "prod",
        LOG_LEVEL: "loud",
      }),
    );
    const byVariable = new Map(error.problems.map((line) => [line.split(/[= ]/)[0], line]));
    expect([...byVariable.keys()].sort()).toEqual(
      ["DATABASE_URL", "LOG_LEVEL", "MIGRATE_ON_START", "NODE_ENV", "PAYMENT_API_KEY", "PORT"].sort(),
    );
    expect(error.problems).toHaveLength(6);
    expect(byVariable.get("DATABASE_URL")).toBe("DATABASE_URL is required");
    expect(byVariable.get("PAYMENT_API_KEY")).toBe("PAYMENT_API_KEY is required");
    expect(byVariable.get("PORT")).toMatch(/^PORT="not-a-port" is invalid: .*integer/);
    expect(byVariable.get("MIGRATE_ON_START")).toMatch(/^MIGRATE_ON_START="maybe" is invalid: .*boolean/);
    // A choice says what the choices are.
    expect(byVariable.get("NODE_ENV")).toMatch(/development.*test.*production/);
    expect(byVariable.get("LOG_LEVEL")).toMatch(/fatal.*silent/);
    // The message printed at start-up carries the same lines.
    for (const line of error.problems) expect(error.message).toContain(line);
    expect(error.message.split("\n")).toHaveLength(7);
  });

  it("reports all of many bad variables, not only the first few", () => {
    const names = Array.from({ length: 12 }, (_, i) => `LIMIT_${i}`);
    const many = Type.Object(Object.fromEntries(names.map((n) => [n, Type.Integer()])));
    const error = configErrorOf(() => loadConfig(many, Object.fromEntries(names.map((n) => [n, "lots"]))));
    expect(error.problems.map((line) => line.split("=")[0])).toEqual(names);
  });

  it("rejects a port out of range", () => {
    const error = configErrorOf(() => loadConfig(schema, { ...valid, PORT: "70000" }));
    expect(error.problems).toEqual([expect.stringMatching(/^PORT="70000" is invalid/)]);
  });

  it("never echoes the value of a secret", () => {
    const secrets = {
      DATABASE_URL: "mysql://app:hunter2-db@db/ordering",
      PAYMENT_API_KEY: "sk_live_short",
      DB_PASSWORD: "pw-hunter2",
      SERVICE_BUS_CONNECTION_STRING: "SharedAccessKey=sb-hunter2",
      WEBHOOK_SECRET: "whsec-hunt",
      GITHUB_TOKEN: "ghp_hunt",
      KEY_VAULT_URL: "http://vault-hunter2",
    };
    const error = configErrorOf(() => loadConfig(schema, secrets));
    expect(error.problems).toHaveLength(Object.keys(secrets).length);
    for (const [name, value] of Object.entries(secrets)) {
      expect(error.message).toContain(`${name}=(value hidden) is invalid`);
      expect(error.message).not.toContain(value);
    }
    expect(error.message).not.toMatch(/hunter2|hunt|sk_live/);
  });

  it("reads process.env by default", () => {
    const saved = { ...process.env };
    try {
      process.env.DATABASE_URL = valid.DATABASE_URL;
      process.env.PAYMENT_API_KEY = valid.PAYMENT_API_KEY;
      process.env.PORT = "4100";
      expect(loadConfig(schema).PORT).toBe(4100);
    } finally {
      process.env = saved;
    }
  });
});
