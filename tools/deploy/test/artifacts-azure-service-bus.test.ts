import { createServer } from "node:net";
import { type ServiceName, subscriptionsOf } from "@ecommerce/contracts";
import { createTestDatabase, type TestDatabase } from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type ArtifactProcess,
  killArtifacts,
  runArtifact,
  unpackArtifact,
} from "./support/artifact-process.ts";

// The Service Bus SDK is loaded lazily by name (createRequire), which a bundler does not follow:
// each artifact that runs a bus is started with BUS_TRANSPORT=azure-service-bus and a connection
// string to a closed local port. It must start (the transport builds its client from the SDK at
// start) and, where it consumes events, reach the SDK's connect step (a ServiceBusError naming the
// refused connection), not stop at "Cannot find module". No namespace is reachable from here; a
// service that only publishes connects on its first event.
const services = inject("services").filter((service) => service.database);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(services)("the $name artifact on Azure Service Bus", (service) => {
  let unpacked: { dir: string; remove(): void };
  let database: TestDatabase;
  let running: ArtifactProcess | undefined;

  beforeAll(async () => {
    unpacked = await unpackArtifact(service.name);
    database = await createTestDatabase({ prefix: `artifact_${service.name}_asb` });
  });

  afterAll(async () => {
    await killArtifacts();
    await database?.drop();
    unpacked?.remove();
  });

  const consumes = subscriptionsOf(service.name as ServiceName).length > 0;

  it(`loads the Service Bus SDK from the bundle${consumes ? " and reaches its connect step" : ""}`, async () => {
    const port = await closedPort();
    running = runArtifact(unpacked.dir, {
      DATABASE_URL: database.url,
      PORT: "0",
      CACHE_MODE: "off",
      BUS_TRANSPORT: "azure-service-bus",
      SERVICEBUS_CONNECTION_STRING: `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;`,
    });
    await running.waitForOutput("listening", /listening on http/);
    expect(running.output()).toContain("bus: azure-service-bus");
    if (consumes) {
      await running.waitForOutput(
        "the SDK's connection attempt",
        new RegExp(`ServiceBusError[^\\n]*ECONNREFUSED[^\\n]*127\\.0\\.0\\.1:${port}`),
      );
    }
    expect(running.output()).not.toContain("Cannot find module");
  });
});
