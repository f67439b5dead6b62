export { causedBy } from "@ecommerce/contracts";
export {
  type AzureIdentity,
  type AzureServiceBusConfig,
  type BusConfig,
  BusConfigError,
  busConfigFromEnv,
  defaultRetryPolicy,
  type PostgresBusConfig,
  type RetryPolicy,
  retryDelayMs,
} from "./bus-config.ts";
export { busEntitiesOf } from "./bus-entities.ts";
export {
  type ConsumeOutcome,
  type Consumer,
  type ConsumerSet,
  consume,
  consumerSet,
  type EventOf,
  type EventPipeline,
  type IntegrationEventHandler,
  type IntegrationEventHandlers,
  subscribeConsumers,
} from "./consumer/consume.ts";
export { createEventBus } from "./create-event-bus.ts";
export { DeadLetterReasons } from "./delivery.ts";
export type {
  BusEntities,
  DeadLetter,
  DeadLetterQuery,
  DeliveryContext,
  EventBus,
  EventHandler,
  ReplayOptions,
  SubscribeOptions,
} from "./event-bus.ts";
export { pruneInbox, recordInboxOnce } from "./inbox/record-inbox-once.ts";
export { lazyInstruments } from "./lazy-instruments.ts";
export { messagingMigrationsDir, OUTBOX_CHANNEL } from "./migrations-dir.ts";
export { appendToOutbox } from "./outbox/append-to-outbox.ts";
export {
  envelopesOf,
  type IntegrationEvent,
  type IntegrationEventTranslator,
  IntegrationOutbox,
  integrationEvent,
  type OutboxAppender,
  type OutboxMetadata,
} from "./outbox/integration-event-translator.ts";
export {
  type OutboxBacklog,
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayBatchResult,
  type RelayStopOptions,
} from "./outbox/outbox-relay.ts";
export { PermanentFailure } from "./permanent-failure.ts";
export { PreparedStatementNames } from "./prepared-statement-names.ts";
export { pgExecutor, type SqlExecutor } from "./sql-executor.ts";
export { contextFromTraceparent, currentTraceparent } from "./trace-context.ts";
export type {
  AdministrationClientPort,
  ReceiverPort,
  SenderPort,
  ServiceBusClientPort,
  SessionReceiverPort,
} from "./transports/azure/azure-clients.ts";
export { toServiceBusMessage } from "./transports/azure/azure-message-mapping.ts";
export { provisionTopology, rulesOf, TopologyDriftError } from "./transports/azure/azure-provisioning.ts";
export {
  AzureServiceBusEventBus,
  type AzureServiceBusEventBusOptions,
} from "./transports/azure/azure-service-bus-transport.ts";
export { emulatorConfig } from "./transports/azure/emulator-config.ts";
export { deadLetterQueueOf, type ProvisionQueuesOptions } from "./transports/postgres/pg-boss-queues.ts";
export { PgBossEventBus, type PgBossEventBusOptions } from "./transports/postgres/pg-boss-transport.ts";
