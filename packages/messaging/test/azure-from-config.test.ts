import { DefaultAzureCredential } from "@azure/identity";
import { ServiceBusAdministrationClient, ServiceBusClient } from "@azure/service-bus";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { type AzureServiceBusConfig, busConfigFromEnv } from "../src/bus-config.ts";
import { type AzureSdk, administrationClientFor } from "../src/transports/azure/azure-clients.ts";
import { AzureServiceBusEventBus } from "../src/transports/azure/azure-service-bus-transport.ts";

const FQDN = "shop.servicebus.windows.net";
const EMULATOR =
  "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

type Endpoint = [string] | [string, DefaultAzureCredential];

/**
 * The real SDK classes, subclassed only to record the arguments each client was built with and
 * whether the bus closed it. Building a client connects to nothing yet.
 */
function recordingSdk() {
  const clients: { args: Endpoint; client: RecordingServiceBusClient }[] = [];
  const admins: { args: Endpoint; client: ServiceBusAdministrationClient }[] = [];
  class RecordingServiceBusClient extends ServiceBusClient {
    closed = false;
    constructor(...args: Endpoint) {
      super(...(args as [string, DefaultAzureCredential]));
      clients.push({ args, client: this });
    }
    override async close(): Promise<void> {
      this.closed = true;
      await super.close();
    }
  }
  class RecordingAdministrationClient extends ServiceBusAdministrationClient {
    constructor(...args: Endpoint) {
      super(...(args as [string, DefaultAzureCredential]));
      admins.push({ args, client: this });
    }
  }
  const sdk: AzureSdk = {
    ServiceBusClient: RecordingServiceBusClient,
    ServiceBusAdministrationClient: RecordingAdministrationClient,
    DefaultAzureCredential,
  };
  return { sdk, clients, admins };
}

function azureConfig(env: Record<string, string>): AzureServiceBusConfig {
  const config = busConfigFromEnv({ BUS_TRANSPORT: "azure-service-bus", ...env });
  if (config.transport !== "azure-service-bus") throw new Error("expected the Azure transport");
  return config;
}

describe("the Azure Service Bus transport built from configuration", () => {
  const logger = pino({ level: "silent" });

  it("reaches SERVICEBUS_FQDN with DefaultAzureCredential (managed identity), no secret", async () => {
    const { sdk, clients } = recordingSdk();
    const bus = AzureServiceBusEventBus.fromConfig(azureConfig({ SERVICEBUS_FQDN: FQDN }), logger, {}, sdk);

    expect(clients).toHaveLength(1);
    const [{ args, client }] = clients as [(typeof clients)[number]];
    expect(args).toHaveLength(2);
    expect(args[0]).toBe(FQDN);
    expect(args[1]).toBeInstanceOf(DefaultAzureCredential);
    expect(client.fullyQualifiedNamespace).toBe(FQDN);

    // The bus owns the client it was built with: stopping it closes that very client.
    await bus.stop();
    expect(client.closed).toBe(true);
  });

  it("uses SERVICEBUS_CONNECTION_STRING as given (the emulator), without a credential", async () => {
    const { sdk, clients } = recordingSdk();
    const bus = AzureServiceBusEventBus.fromConfig(
      azureConfig({ SERVICEBUS_CONNECTION_STRING: EMULATOR }),
      logger,
      {},
      sdk,
    );

    expect(clients.map((c) => c.args)).toEqual([[EMULATOR]]);
    // The SDK parsed the string's endpoint: the client talks to the emulator's host.
    expect(clients[0]?.client.fullyQualifiedNamespace).toBe("localhost");

    await bus.stop();
    expect(clients[0]?.client.closed).toBe(true);
  });

  it("builds the provisioning command's administration client the same way", () => {
    const { sdk, admins } = recordingSdk();
    administrationClientFor(azureConfig({ SERVICEBUS_FQDN: FQDN }), sdk);
    administrationClientFor(azureConfig({ SERVICEBUS_CONNECTION_STRING: EMULATOR }), sdk);

    expect(admins).toHaveLength(2);
    expect(admins[0]?.args[0]).toBe(FQDN);
    expect(admins[0]?.args[1]).toBeInstanceOf(DefaultAzureCredential);
    expect(admins[1]?.args).toEqual([EMULATOR]);
  });

  it("loads the real SDK when no test stands in for it", async () => {
    const bus = AzureServiceBusEventBus.fromConfig(azureConfig({ SERVICEBUS_FQDN: FQDN }), logger);
    expect(bus).toBeInstanceOf(AzureServiceBusEventBus);
    await bus.stop();
  });
});
