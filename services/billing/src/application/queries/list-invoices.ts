import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../message-schemas.ts";
import type { InvoicePage, InvoiceReadModel } from "./invoice-dto.ts";

/** An order's invoices, or a customer's, newest last, a page at a time. */
export class ListInvoices extends Query<InvoicePage> {
  static readonly schema = Type.Object(
    {
      orderId: Type.Optional(Uuid),
      customerId: Type.Optional(Uuid),
      after: Type.Optional(Uuid),
      limit: Type.Integer({ minimum: 1, maximum: 100 }),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly limit: number,
    readonly orderId?: string,
    readonly customerId?: string,
    readonly after?: string,
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
      { ...(query.after ? { after: query.after } : {}), limit: query.limit },
    );
  }
}
