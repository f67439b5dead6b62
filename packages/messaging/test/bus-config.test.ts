import { describe, expect, it } from "vitest";
import { busConfigFromEnv, retryDelayMs } from "../src/bus-config.ts";

describe("busConfigFromEnv", () => {
  it("defaults to postgres with the documented retry policy", () => {
    expect(busConfigFromEnv({ BUS_DATABASE_URL: "postgres://bus@db:5432/bus" })).toEqual({
      transport: "postgres",
      databaseUrl: "postgres://bus@db:5432/bus",
      retry: { maxDeliveries: 5, delaySeconds: 1, maxDelaySeconds: 60, backoff: true },
      pollIntervalSeconds: 2,
      handlerTimeoutSeconds: 60,
      leaseSeconds: 10,
      schema: "pgboss",
    });
  });

  it("reads Azure Service Bus with managed identity or a connection string", () => {
    expect(
      busConfigFromEnv({
        BUS_TRANSPORT: "azure-service-bus",
        SERVICEBUS_FQDN: "shop.servicebus.windows.net",
        BUS_MAX_DELIVERIES: "8",
      }),
    ).toMatchObject({
      transport: "azure-service-bus",
      fullyQualifiedNamespace: "shop.servicebus.windows.net",
      identity: { kind: "default" },
      retry: { maxDeliveries: 8 },
    });
    const production = {
      BUS_TRANSPORT: "azure-service-bus",
      SERVICEBUS_FQDN: "shop.servicebus.windows.net",
      NODE_ENV: "production",
    };
    expect(busConfigFromEnv(production)).toMatchObject({ identity: { kind: "managed-identity" } });
    expect(busConfigFromEnv(production)).not.toHaveProperty("identity.clientId");
    expect(
      busConfigFromEnv({ ...production, AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555" }),
    ).toMatchObject({
      identity: { kind: "managed-identity", clientId: "11111111-2222-3333-4444-555555555555" },
    });
    const emulator =
      "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";
    expect(
      busConfigFromEnv({ BUS_TRANSPORT: "azure-service-bus", SERVICEBUS_CONNECTION_STRING: emulator }),
    ).toMatchObject({
      connectionString: emulator,
    });
  });

  it.each([
    [{}, "BUS_DATABASE_URL is required when BUS_TRANSPORT=postgres"],
    [{ BUS_DATABASE_URL: "mysql://x/y" }, "BUS_DATABASE_URL must be a postgres:// URL naming a database"],
    [{ BUS_DATABASE_URL: "postgres://x" }, "BUS_DATABASE_URL must be a postgres:// URL naming a database"],
    [{ BUS_TRANSPORT: "kafka" }, 'BUS_TRANSPORT must be postgres or azure-service-bus (got "kafka")'],
    [
      { BUS_TRANSPORT: "azure-service-bus" },
      "needs SERVICEBUS_FQDN (e.g. myns.servicebus.windows.net) or SERVICEBUS_CONNECTION_STRING",
    ],
    [
      { BUS_TRANSPORT: "azure-service-bus", SERVICEBUS_FQDN: "https://shop.servicebus.windows.net" },
      "SERVICEBUS_FQDN must be a host name like myns.servicebus.windows.net, without scheme",
    ],
    [
      {
        BUS_TRANSPORT: "azure-service-bus",
        SERVICEBUS_FQDN: "a.b.c",
        SERVICEBUS_CONNECTION_STRING: "Endpoint=sb://x",
      },
      "set either SERVICEBUS_FQDN (managed identity) or SERVICEBUS_CONNECTION_STRING, not both",
    ],
    [
      { BUS_TRANSPORT: "azure-service-bus", SERVICEBUS_CONNECTION_STRING: "hello" },
      "SERVICEBUS_CONNECTION_STRING must contain Endpoint=sb://",
    ],
    [
      { BUS_DATABASE_URL: "postgres://h/bus", BUS_MAX_DELIVERIES: "0" },
      'BUS_MAX_DELIVERIES must be an integer from 1 to 100 (got "0")',
    ],
    [
      { BUS_DATABASE_URL: "postgres://h/bus", BUS_RETRY_DELAY_SECONDS: "1.5" },
      "BUS_RETRY_DELAY_SECONDS must be an integer",
    ],
    [
      { BUS_DATABASE_URL: "postgres://h/bus", BUS_RETRY_BACKOFF: "maybe" },
      'BUS_RETRY_BACKOFF must be true or false (got "maybe")',
    ],
    [
      { BUS_DATABASE_URL: "postgres://h/bus", BUS_POLL_INTERVAL_SECONDS: "0.1" },
      "BUS_POLL_INTERVAL_SECONDS must be a number of seconds >= 0.5",
    ],
  ])("refuses %j with a clear message", (env, message) => {
    expect(() => busConfigFromEnv(env)).toThrow(message);
  });

  it("reports every problem at once", () => {
    expect(() => busConfigFromEnv({ BUS_MAX_DELIVERIES: "x", BUS_RETRY_BACKOFF: "y" })).toThrow(
      /^Invalid bus configuration: BUS_MAX_DELIVERIES .*; BUS_RETRY_BACKOFF .*; BUS_DATABASE_URL is required/,
    );
  });
});

describe("retryDelayMs", () => {
  const policy = { maxDeliveries: 10, delaySeconds: 1, maxDelaySeconds: 30, backoff: true };

  it("doubles per failed delivery up to the cap, with bounded jitter", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(policy, n, middle))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(retryDelayMs(policy, 3, () => 0)).toBe(3000);
    expect(retryDelayMs(policy, 3, () => 0.999999)).toBe(5000);
  });

  it("is fixed without backoff and immediate at zero", () => {
    expect(retryDelayMs({ ...policy, backoff: false, delaySeconds: 2 }, 5, () => 0.5)).toBe(2000);
    expect(retryDelayMs({ ...policy, delaySeconds: 0 }, 3)).toBe(0);
  });
});
