import { createRequire } from "node:module";
import type { TokenCredential } from "@azure/identity";
import type {
  RetryMode,
  ServiceBusAdministrationClient,
  ServiceBusAdministrationClientOptions,
  ServiceBusClient,
  ServiceBusClientOptions,
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
  | "getTopic"
  | "updateTopic"
  | "subscriptionExists"
  | "createSubscription"
  | "getSubscription"
  | "updateSubscription"
  | "listRules"
  | "createRule"
  | "deleteRule"
>;

/** A client class as this module builds it: from a connection string, or a namespace and a credential. */
interface ClientClass<Client, Options> {
  new (connectionString: string, options?: Options): Client;
  new (fullyQualifiedNamespace: string, credential: TokenCredential, options?: Options): Client;
}

/** The SDK classes clients are built with; a test passes subclasses that record how they were built. */
export interface AzureSdk {
  ServiceBusClient: ClientClass<ServiceBusClient, ServiceBusClientOptions>;
  ServiceBusAdministrationClient: ClientClass<
    ServiceBusAdministrationClient,
    ServiceBusAdministrationClientOptions
  >;
  DefaultAzureCredential: new () => TokenCredential;
  ManagedIdentityCredential: new (options?: { clientId?: string }) => TokenCredential;
  RetryMode: typeof RetryMode;
}

// The Azure SDKs take over a second to load: only a process that uses this transport loads them.
const requireLazily = createRequire(import.meta.url);

export function loadAzureSdk(): AzureSdk {
  const { ServiceBusClient, ServiceBusAdministrationClient, RetryMode } = requireLazily(
    "@azure/service-bus",
  ) as typeof import("@azure/service-bus");
  const { DefaultAzureCredential, ManagedIdentityCredential } = requireLazily(
    "@azure/identity",
  ) as typeof import("@azure/identity");
  return {
    ServiceBusClient,
    ServiceBusAdministrationClient,
    DefaultAzureCredential,
    ManagedIdentityCredential,
    RetryMode,
  };
}

/**
 * Retries of the SDK's own operations (connecting, sending, settling, opening links). Its default is
 * three fixed 30-second waits, which would hold the outbox relay and the consumers for minutes after
 * a blip; these grow 0.5 s, 1 s, 2 s, 4 s, a few seconds in all, after which the caller's own
 * backoff (the relay's, the session loop's) takes over.
 */
export const SDK_RETRY = { maxRetries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 5_000 } as const;

function clientRetryOptions(sdk: AzureSdk): ServiceBusClientOptions {
  return { retryOptions: { ...SDK_RETRY, mode: sdk.RetryMode.Exponential } };
}

// The administration client speaks HTTPS through core-rest-pipeline, whose retries are exponential.
const ADMIN_OPTIONS: ServiceBusAdministrationClientOptions = { retryOptions: { ...SDK_RETRY } };

/**
 * The identity a process reaches the namespace with, never a secret: DefaultAzureCredential outside
 * production (a developer's `az login`, the pipeline's Azure CLI task), and in production the managed
 * identity only, the user-assigned one named by AZURE_CLIENT_ID when set, so a production process can
 * never fall back to some other credential lying around on its host.
 */
export function credentialFor(config: AzureServiceBusConfig, sdk: AzureSdk): TokenCredential {
  const identity = config.identity ?? { kind: "default" };
  if (identity.kind === "default") return new sdk.DefaultAzureCredential();
  return new sdk.ManagedIdentityCredential(identity.clientId ? { clientId: identity.clientId } : undefined);
}

/**
 * How the configuration reaches the namespace: a connection string (the emulator, local tools) as
 * given, otherwise the namespace with a token credential (credentialFor).
 */
function endpointOf(config: AzureServiceBusConfig): string {
  const endpoint = config.connectionString ?? config.fullyQualifiedNamespace;
  if (!endpoint) throw new Error("Azure Service Bus needs SERVICEBUS_FQDN or SERVICEBUS_CONNECTION_STRING");
  return endpoint;
}

export function serviceBusClientFor(config: AzureServiceBusConfig, sdk = loadAzureSdk()): ServiceBusClient {
  const endpoint = endpointOf(config);
  const options = clientRetryOptions(sdk);
  return config.connectionString
    ? new sdk.ServiceBusClient(endpoint, options)
    : new sdk.ServiceBusClient(endpoint, credentialFor(config, sdk), options);
}

export function administrationClientFor(
  config: AzureServiceBusConfig,
  sdk = loadAzureSdk(),
): ServiceBusAdministrationClient {
  const endpoint = endpointOf(config);
  return config.connectionString
    ? new sdk.ServiceBusAdministrationClient(endpoint, ADMIN_OPTIONS)
    : new sdk.ServiceBusAdministrationClient(endpoint, credentialFor(config, sdk), ADMIN_OPTIONS);
}
