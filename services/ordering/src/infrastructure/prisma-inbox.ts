import { recordInboxOnce } from "@ecommerce/messaging";
import type { Inbox } from "../application/ports.ts";
import type { OrderingUnitOfWork } from "./database.ts";

export class PrismaInbox implements Inbox {
  constructor(private readonly uow: OrderingUnitOfWork) {}

  firstDelivery(subscription: string, eventId: string): Promise<boolean> {
    return recordInboxOnce(this.uow.current(), subscription, eventId);
  }
}
