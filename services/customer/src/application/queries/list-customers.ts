import {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type MessageHandler,
  type Page,
  PageSizeSchema,
  Query,
} from "@ecommerce/service-kit";
import { Type } from "typebox";
import type { CustomerDto, CustomerReadModel } from "./customer-dto.ts";

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
/** Far more than any cursor this API returns (an id): a longer one is garbage. */
export const MAX_CURSOR_LENGTH = 200;

/** Every customer, newest first, one page at a time (for back-office screens). */
export class ListCustomers extends Query<Page<CustomerDto>> {
  static readonly schema = Type.Object(
    {
      cursor: Type.Optional(CursorSchema(MAX_CURSOR_LENGTH)),
      limit: PageSizeSchema(),
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
