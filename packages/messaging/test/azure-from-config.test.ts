import pino from "pino";
import { describe, expect, it } from "vitest";
import { busConfigFromEnv } from "../src/bus-config.ts";
import { AzureServiceBusEventBus } from "../src/transports/azure/azure-service-bus-transport.ts";

// The SDK is loaded only when this transport is built; building it connects to nothing yet.
describe("the Azure Service Bus transport built from configuration", () => {
  const logger = pino({ level: "silent" });

  it("takes a connection string (the emulator)", async () => {
    const config = busConfigFromEnv({
      BUS_TRANSPORT: "azure-service-bus",
      SERVICEBUS_CONNECTION_STRING:
        "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
    });
    const bus = AzureServiceBusEventBus.fromConfig(
      config as Parameters<typeof AzureServiceBusEventBus.fromConfig>[0],
      logger,
    );
    expect(bus).toBeInstanceOf(AzureServiceBusEventBus);
    await bus.stop();
  });

  it("takes a namespace reached with DefaultAzureCredential (managed identity)", async () => {
    const config = busConfigFromEnv({
      BUS_TRANSPORT: "azure-service-bus",
      SERVICEBUS_FQDN: "shop.servicebus.windows.net",
    });
    const bus = AzureServiceBusEventBus.fromConfig(
      config as Parameters<typeof AzureServiceBusEventBus.fromConfig>[0],
      logger,
    );
    expect(bus).toBeInstanceOf(AzureServiceBusEventBus);
    await bus.stop();
  });
});
