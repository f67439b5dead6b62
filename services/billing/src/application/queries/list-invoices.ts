import { CursorSchema, type MessageHandler, PageSizeSchema, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { InvoicePage, InvoiceReadModel } from "./invoice-dto.ts";

/** An order's invoices, or a customer's, newest last, a page at a time. */
export class ListInvoices extends Query<InvoicePage> {
  static readonly schema = Type.Object(
    {
      orderId: Type.Optional(Uuid),
      customerId: Type.Optional(Uuid),
      cursor: Type.Optional(CursorSchema(200)),
      limit: PageSizeSchema(),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly limit: number,
    readonly orderId?: string,
    readonly customerId?: string,
    readonly cursor?: string,
  ) {
    super();
  }
}

export class ListInvoicesHandler implements MessageHandler<ListInvoices> {
  constructor(private readonly readModel: InvoiceReadModel) {}

  handle(query: ListInvoices): Promise<InvoicePage> {
    return this.readModel.list(
      {
        ...(query.orderId ? { orderId: query.orderId } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
      },
      { ...(query.cursor ? { cursor: query.cursor } : {}), limit: query.limit },
    );
  }
}
