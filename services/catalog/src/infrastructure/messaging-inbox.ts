import { recordInboxOnce } from "@ecommerce/messaging";
import type { Inbox } from "../application/ports.ts";
import type { CatalogUnitOfWork } from "./database.ts";

/** The inbox of @ecommerce/messaging, written in the transaction of the command handling the event. */
export class MessagingInbox implements Inbox {
  constructor(private readonly uow: CatalogUnitOfWork) {}

  recordOnce(subscription: string, eventId: string): Promise<boolean> {
    return recordInboxOnce(this.uow.current(), subscription, eventId);
  }
}
