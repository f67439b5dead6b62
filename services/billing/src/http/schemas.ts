import {
  CursorSchema,
  DEFAULT_PAGE_SIZE,
  MoneySchema,
  PageSizeSchema,
  ProblemSchema,
  pageOf,
} from "@ecommerce/service-kit";
import { Type } from "typebox";
import { Uuid } from "../application/message-schemas.ts";

export const Problem = ProblemSchema;

export const InvoiceIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const ListInvoicesQuery = Type.Object(
  {
    orderId: Type.Optional(Uuid),
    customerId: Type.Optional(Uuid),
    cursor: Type.Optional(CursorSchema(200)),
    limit: PageSizeSchema({ default: DEFAULT_PAGE_SIZE }),
  },
  { additionalProperties: false },
);

const Line = Type.Object({
  productId: Uuid,
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: MoneySchema,
  net: MoneySchema,
});

export const InvoiceResponse = Type.Object(
  {
    id: Uuid,
    number: Type.String({ pattern: "^INV-\\d{4}-\\d{6,}$", examples: ["INV-2026-000001"] }),
    orderId: Uuid,
    customerId: Uuid,
    status: Type.Union([
      Type.Literal("Open"),
      Type.Literal("Paid"),
      Type.Literal("Void"),
      Type.Literal("Refunded"),
    ]),
    lines: Type.Array(Line),
    country: Type.String({ pattern: "^[A-Z]{2}$" }),
    taxRate: Type.String({
      description: "The rate applied, a decimal fraction (0.19 is 19 %)",
      examples: ["0.19"],
    }),
    net: MoneySchema,
    tax: MoneySchema,
    total: MoneySchema,
    failureReason: Type.Union([Type.String(), Type.Null()]),
    issuedAt: Type.String({ format: "date-time" }),
    version: Type.Integer({ minimum: 1 }),
  },
  { description: "An invoice: lines, tax for the shipping country, and the total charged" },
);

export const InvoicePage = pageOf(InvoiceResponse);
