import { CursorSchema, type MessageHandler, PageSizeSchema, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { ShipmentPage, ShipmentReadModel } from "./shipment-dto.ts";

/** Far above any cursor the read model hands out (an id). */
export const MAX_CURSOR_LENGTH = 200;

/** An order's shipments, a page at a time. */
export class ListShipments extends Query<ShipmentPage> {
  static readonly schema = Type.Object(
    {
      orderId: Uuid,
      customerId: Type.Optional(Uuid),
      cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
      limit: PageSizeSchema(),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly orderId: string,
    readonly limit: number,
    readonly cursor?: string,
    /** Only this customer's (a customer asking). */
    readonly customerId?: string,
  ) {
    super();
  }
}

export class ListShipmentsHandler implements MessageHandler<ListShipments> {
  constructor(private readonly readModel: ShipmentReadModel) {}

  handle(query: ListShipments): Promise<ShipmentPage> {
    return this.readModel.list(
      { orderId: query.orderId, customerId: query.customerId },
      { ...(query.cursor ? { cursor: query.cursor } : {}), limit: query.limit },
    );
  }
}
