import { type MessageHandler, Query } from "@ecommerce/service-kit";
import type { CustomerDto, CustomerReadModel, Page } from "./customer-dto.ts";

/** Every customer, newest first, one page at a time (for back-office screens). */
export class ListCustomers extends Query<Page<CustomerDto>> {
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
