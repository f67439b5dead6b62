import { type MessageHandler, type Page, Query } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { EmailAddress } from "../../domain/email-address.ts";
import { Email } from "../message-schemas.ts";
import type { CustomerDto, CustomerReadModel } from "./customer-dto.ts";

/** The customer with this email in any case, as a page of zero or one (the list endpoint's shape). */
export class FindCustomerByEmail extends Query<Page<CustomerDto>> {
  static readonly schema = Type.Object({ email: Email() }, { additionalProperties: false });

  constructor(readonly email: string) {
    super();
  }
}

export class FindCustomerByEmailHandler implements MessageHandler<FindCustomerByEmail> {
  constructor(private readonly readModel: CustomerReadModel) {}

  async handle(query: FindCustomerByEmail): Promise<Page<CustomerDto>> {
    const customer = await this.readModel.findByEmail(EmailAddress.normalize(query.email));
    return { items: customer ? [customer] : [], nextCursor: null };
  }
}
