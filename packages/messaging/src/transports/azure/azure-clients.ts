import { createRequire } from "node:module";
import type { DefaultAzureCredential } from "@azure/identity";
import type {
  ServiceBusAdministrationClient,
  ServiceBusClient,
  ServiceBusReceiver,
  ServiceBusReceiverOptions,
  ServiceBusSender,
  ServiceBusSessionReceiver,
  ServiceBusSessionReceiverOptions,
} from "@azure/service-bus";
import type { AzureServiceBusConfig } from "../../bus-config.ts";

// The slices of the SDK's clients the transport uses, typed with the SDK's own types, so a test can
// stand in for the namespace with objects implementing exactly these methods.

export type SenderPort = Pick<ServiceBusSender, "createMessageBatch" | "sendMessages" | "close">;

export type ReceiverPort = Pick<
  ServiceBusReceiver,
  | "receiveMessages"
  | "peekMessages"
  | "completeMessage"
  | "abandonMessage"
  | "deadLetterMessage"
  | "subscribe"
  | "close"
>;

export type SessionReceiverPort = ReceiverPort & Pick<ServiceBusSessionReceiver, "sessionId">;

/** What the transport needs of a ServiceBusClient (which satisfies it). */
export interface ServiceBusClientPort {
  createSender(topicName: string): SenderPort;
  createReceiver(
    topicName: string,
    subscriptionName: string,
    options?: ServiceBusReceiverOptions,
  ): ReceiverPort;
  acceptNextSession(
    topicName: string,
    subscriptionName: string,
    options?: ServiceBusSessionReceiverOptions,
  ): Promise<SessionReceiverPort>;
  close(): Promise<void>;
}

export type AdministrationClientPort = Pick<
  ServiceBusAdministrationClient,
  | "topicExists"
  | "createTopic"
  | "subscriptionExists"
  | "createSubscription"
  | "getSubscription"
  | "updateSubscription"
  | "listRules"
  | "createRule"
  | "deleteRule"
>;

/** A client class as this module builds it: from a connection string, or a namespace and a credential. */
interface ClientClass<Client> {
  new (connectionString: string): Client;
  new (fullyQualifiedNamespace: string, credential: DefaultAzureCredential): Client;
}

/** The SDK classes clients are built with; a test passes subclasses that record how they were built. */
export interface AzureSdk {
  ServiceBusClient: ClientClass<ServiceBusClient>;
  ServiceBusAdministrationClient: ClientClass<ServiceBusAdministrationClient>;
  DefaultAzureCredential: new () => DefaultAzureCredential;
}

// The Azure SDKs take over a second to load: only a process that uses this transport loads them.
const requireLazily = createRequire(import.meta.url);

export function loadAzureSdk(): AzureSdk {
  const { ServiceBusClient, ServiceBusAdministrationClient } = requireLazily(
    "@azure/service-bus",
  ) as typeof import("@azure/service-bus");
  const { DefaultAzureCredential } = requireLazily("@azure/identity") as typeof import("@azure/identity");
  return { ServiceBusClient, ServiceBusAdministrationClient, DefaultAzureCredential };
}

/**
 * How the configuration reaches the namespace: a connection string (the emulator, local tools) as
 * given, otherwise the namespace with DefaultAzureCredential (managed identity; no secret at all).
 */
function endpointOf(config: AzureServiceBusConfig): string {
  const endpoint = config.connectionString ?? config.fullyQualifiedNamespace;
  if (!endpoint) throw new Error("Azure Service Bus needs SERVICEBUS_FQDN or SERVICEBUS_CONNECTION_STRING");
  return endpoint;
}

export function serviceBusClientFor(config: AzureServiceBusConfig, sdk = loadAzureSdk()): ServiceBusClient {
  const endpoint = endpointOf(config);
  return config.connectionString
    ? new sdk.ServiceBusClient(endpoint)
    : new sdk.ServiceBusClient(endpoint, new sdk.DefaultAzureCredential());
}

export function administrationClientFor(
  config: AzureServiceBusConfig,
  sdk = loadAzureSdk(),
): ServiceBusAdministrationClient {
  const endpoint = endpointOf(config);
  return config.connectionString
    ? new sdk.ServiceBusAdministrationClient(endpoint)
    : new sdk.ServiceBusAdministrationClient(endpoint, new sdk.DefaultAzureCredential());
}
