export {
  eventCatalogue,
  events,
  eventTypesOf,
  findEventType,
  isEvent,
  type KnownEvent,
  type KnownEventType,
  type KnownEventTypeName,
} from "./catalogue.ts";
export { causedBy } from "./caused-by.ts";
export { type Address, AddressSchema, type StockLine } from "./common-schemas.ts";
export { type ContractIssue, ContractViolationError } from "./contract-violation-error.ts";
export { createEvent, type EventMetadata } from "./create-event.ts";
export { BROKER_ID_MAX_LENGTH, EnvelopeSchema, type EventEnvelope } from "./envelope.ts";
export { type Context, contexts, type DataOf, type EnvelopeOf, type EventType } from "./event-type.ts";
export { PaymentFailed, PaymentRefunded, PaymentSucceeded } from "./events/billing-events.ts";
export {
  ProductCreated,
  ProductDiscontinued,
  ProductPriceChanged,
  StockLow,
  StockReservationFailed,
  StockReserved,
} from "./events/catalog-events.ts";
export {
  CustomerAddressChanged,
  CustomerDeactivated,
  CustomerProfileUpdated,
  CustomerRegistered,
} from "./events/customer-events.ts";
export {
  OrderAwaitingPayment,
  type OrderCancellationReason,
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  type OrderLine,
  OrderPaid,
  OrderPlaced,
  OrderShipped,
  ReservationRejected,
} from "./events/ordering-events.ts";
export { ShipmentCreated, ShipmentDelivered, ShipmentDispatched } from "./events/shipping-events.ts";
export { type Money, MoneySchema } from "./money.ts";
export { checkEnvelope, parseEvent } from "./parse-event.ts";
export {
  findSubscription,
  type ServiceName,
  type SubscriptionDefinition,
  services,
  subscribersOf,
  subscriptionNamed,
  subscriptionsOf,
  type TopicDefinition,
  type Topology,
  topicOf,
  topology,
  topologyProblems,
} from "./topology.ts";
