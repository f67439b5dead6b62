import { type MessageHandler, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { CustomerDto, CustomerReadModel, Page } from "./customer-dto.ts";

/** What a page holds when the client does not say. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Far more than any cursor this API returns (a base64url UUID): a longer one is garbage. */
export const MAX_CURSOR_LENGTH = 200;

/** Every customer, newest first, one page at a time (for back-office screens). */
export class ListCustomers extends Query<Page<CustomerDto>> {
  static readonly schema = Type.Object(
    {
      cursor: Type.Optional(Type.String({ maxLength: MAX_CURSOR_LENGTH })),
      limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE }),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export class ListCustomersHandler implements MessageHandler<ListCustomers> {
  constructor(private readonly readModel: CustomerReadModel) {}

  handle(query: ListCustomers): Promise<Page<CustomerDto>> {
    return this.readModel.list(query.cursor, query.limit);
  }
}
