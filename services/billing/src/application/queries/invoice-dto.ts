import type { MoneyJson } from "@ecommerce/domain-kernel";
import type { Page } from "@ecommerce/service-kit";
import type { InvoiceStatus } from "../../domain/invoice-status.ts";

/** The invoice as clients read it: the read model stores exactly this. */
export interface InvoiceDocument {
  id: string;
  number: string;
  orderId: string;
  customerId: string;
  status: InvoiceStatus;
  lines: { productId: string; quantity: number; unitPrice: MoneyJson; net: MoneyJson }[];
  country: string;
  taxRate: string;
  net: MoneyJson;
  tax: MoneyJson;
  total: MoneyJson;
  failureReason: string | null;
  issuedAt: string;
  version: number;
}

export type InvoicePage = Page<InvoiceDocument>;

/** The read side: denormalised invoice documents, one row each, no joins. */
export interface InvoiceReadModel {
  get(id: string): Promise<InvoiceDocument | undefined>;
  list(
    filter: { orderId?: string; customerId?: string },
    page: { cursor?: string; limit: number },
  ): Promise<InvoicePage>;
}
