import type {
  ServiceBusAdministrationClient,
  ServiceBusReceiver,
  ServiceBusReceiverOptions,
  ServiceBusSender,
  ServiceBusSessionReceiver,
  ServiceBusSessionReceiverOptions,
} from "@azure/service-bus";

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
