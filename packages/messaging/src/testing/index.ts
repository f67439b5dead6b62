export { applyMessagingMigrations } from "./apply-messaging-migrations.ts";
export { InMemoryBroker, InMemoryEventBus } from "./in-memory-event-bus.ts";
