import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import { RetryMode, ServiceBusAdministrationClient, ServiceBusClient } from "@azure/service-bus";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { type AzureServiceBusConfig, busConfigFromEnv } from "../src/bus-config.ts";
import { type AzureSdk, administrationClientFor } from "../src/transports/azure/azure-clients.ts";
import { AzureServiceBusEventBus } from "../src/transports/azure/azure-service-bus-transport.ts";

const FQDN = "shop.servicebus.windows.net";
const EMULATOR =
  "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";
const USER_ASSIGNED = "7f1c2a4e-0b7d-4c55-9a51-2d3e4f5a6b7c";

/** What a client was built with: the endpoint, the credential (none with a connection string), options. */
interface Built {
  endpoint: string;
  credential?: TokenCredential;
  options?: Record<string, unknown>;
}

function parse(args: unknown[]): Built {
  const [endpoint, second, third] = args as [string, unknown, unknown];
  const isCredential = typeof second === "object" && second !== null && "getToken" in second;
  return isCredential
    ? { endpoint, credential: second as TokenCredential, options: third as Record<string, unknown> }
    : { endpoint, options: second as Record<string, unknown> };
}

/**
 * The real SDK classes, subclassed only to record the arguments each client and credential was
 * built with and whether the bus closed it. Building a client connects to nothing yet.
 */
function recordingSdk() {
  const clients: { built: Built; client: RecordingServiceBusClient }[] = [];
  const admins: Built[] = [];
  const managedIdentities: unknown[] = [];
  class RecordingServiceBusClient extends ServiceBusClient {
    closed = false;
    constructor(...args: unknown[]) {
      super(...(args as [string, TokenCredential]));
      clients.push({ built: parse(args), client: this });
    }
    override async close(): Promise<void> {
      this.closed = true;
      await super.close();
    }
  }
  class RecordingAdministrationClient extends ServiceBusAdministrationClient {
    constructor(...args: unknown[]) {
      super(...(args as [string, TokenCredential]));
      admins.push(parse(args));
    }
  }
  class RecordingManagedIdentityCredential extends ManagedIdentityCredential {
    constructor(options?: { clientId?: string }) {
      // Copied first: the SDK adds its own settings to the object it is given.
      managedIdentities.push(options ? { ...options } : options);
      super(options ?? {});
    }
  }
  const sdk: AzureSdk = {
    ServiceBusClient: RecordingServiceBusClient,
    ServiceBusAdministrationClient: RecordingAdministrationClient,
    DefaultAzureCredential,
    ManagedIdentityCredential: RecordingManagedIdentityCredential,
    RetryMode,
  };
  return { sdk, clients, admins, managedIdentities };
}

function azureConfig(env: Record<string, string>): AzureServiceBusConfig {
  const config = busConfigFromEnv({ BUS_TRANSPORT: "azure-service-bus", ...env });
  if (config.transport !== "azure-service-bus") throw new Error("expected the Azure transport");
  return config;
}

const exponentialShortRetries = {
  retryOptions: { mode: RetryMode.Exponential, maxRetries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 5_000 },
};

describe("the Azure Service Bus transport built from configuration", () => {
  const logger = pino({ level: "silent" });

  it("outside production reaches SERVICEBUS_FQDN with DefaultAzureCredential, no secret", async () => {
    const { sdk, clients, managedIdentities } = recordingSdk();
    const bus = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_FQDN: FQDN, NODE_ENV: "development" }),
      logger,
      {},
      sdk,
    );

    expect(clients).toHaveLength(1);
    const [{ built, client }] = clients as [(typeof clients)[number]];
    expect(built.endpoint).toBe(FQDN);
    expect(built.credential).toBeInstanceOf(DefaultAzureCredential);
    expect(managedIdentities).toEqual([]);
    expect(client.fullyQualifiedNamespace).toBe(FQDN);

    // The bus owns the client it was built with: stopping it closes that very client.
    await bus.stop();
    expect(client.closed).toBe(true);
  });

  it("in production uses the managed identity only: system-assigned, or AZURE_CLIENT_ID's", async () => {
    const { sdk, clients, managedIdentities } = recordingSdk();
    const system = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_FQDN: FQDN, NODE_ENV: "production" }),
      logger,
      {},
      sdk,
    );
    const userAssigned = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_FQDN: FQDN, NODE_ENV: "production", AZURE_CLIENT_ID: USER_ASSIGNED }),
      logger,
      {},
      sdk,
    );
    expect(clients.map((c) => c.built.credential?.constructor.name)).toEqual([
      "RecordingManagedIdentityCredential",
      "RecordingManagedIdentityCredential",
    ]);
    expect(clients.map((c) => c.built.credential instanceof DefaultAzureCredential)).toEqual([false, false]);
    expect(managedIdentities).toEqual([undefined, { clientId: USER_ASSIGNED }]);
    await Promise.all([system.stop(), userAssigned.stop()]);
  });

  it("retries the SDK's operations exponentially from half a second, not three fixed 30 s waits", async () => {
    const { sdk, clients } = recordingSdk();
    const withIdentity = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_FQDN: FQDN }),
      logger,
      {},
      sdk,
    );
    const withString = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_CONNECTION_STRING: EMULATOR }),
      logger,
      {},
      sdk,
    );
    expect(clients.map((c) => c.built.options)).toEqual([exponentialShortRetries, exponentialShortRetries]);
    // The SDK keeps the options it was given: these are what its operations retry with.
    const [first] = clients as [(typeof clients)[number]];
    expect((first.client as unknown as { _clientOptions: unknown })._clientOptions).toMatchObject(
      exponentialShortRetries,
    );
    await Promise.all([withIdentity.stop(), withString.stop()]);
  });

  it("uses SERVICEBUS_CONNECTION_STRING as given (the emulator), without a credential", async () => {
    const { sdk, clients } = recordingSdk();
    const bus = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_CONNECTION_STRING: EMULATOR, NODE_ENV: "production" }),
      logger,
      {},
      sdk,
    );

    expect(clients.map((c) => c.built)).toEqual([{ endpoint: EMULATOR, options: exponentialShortRetries }]);
    // The SDK parsed the string's endpoint: the client talks to the emulator's host.
    expect(clients[0]?.client.fullyQualifiedNamespace).toBe("localhost");

    await bus.stop();
    expect(clients[0]?.client.closed).toBe(true);
  });

  it("builds the provisioning command's administration client the same way", () => {
    const { sdk, admins, managedIdentities } = recordingSdk();
    administrationClientFor(azureConfig({ SERVICEBUS_FQDN: FQDN }), sdk);
    administrationClientFor(azureConfig({ SERVICEBUS_CONNECTION_STRING: EMULATOR }), sdk);
    administrationClientFor(azureConfig({ SERVICEBUS_FQDN: FQDN, NODE_ENV: "production" }), sdk);

    const adminRetries = { retryOptions: { maxRetries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 5_000 } };
    expect(admins).toHaveLength(3);
    expect(admins[0]?.endpoint).toBe(FQDN);
    expect(admins[0]?.credential).toBeInstanceOf(DefaultAzureCredential);
    expect(admins[0]?.options).toEqual(adminRetries);
    expect(admins[1]).toEqual({ endpoint: EMULATOR, options: adminRetries });
    expect(admins[2]?.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(managedIdentities).toEqual([undefined]);
  });

  it("loads the real SDK when no test stands in for it", async () => {
    const bus = AzureServiceBusEventBus.fromConfig(azureConfig({ SERVICEBUS_FQDN: FQDN }), logger);
    expect(bus).toBeInstanceOf(AzureServiceBusEventBus);
    await bus.stop();
  });
});
