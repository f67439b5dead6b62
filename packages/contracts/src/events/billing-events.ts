import Type from "typebox";
import { Reason, Uuid } from "../common-schemas.ts";
import { defineEvent } from "../event-type.ts";
import { MoneySchema } from "../money.ts";

export const PaymentSucceeded = defineEvent({
  context: "billing",
  name: "payment-succeeded",
  version: 1,
  subjectField: "invoiceId",
  description: "The invoice was paid in full.",
  schema: Type.Object({ orderId: Uuid, invoiceId: Uuid, amount: MoneySchema }),
});

export const PaymentFailed = defineEvent({
  context: "billing",
  name: "payment-failed",
  version: 1,
  subjectField: "invoiceId",
  description: "The payment provider refused the charge; reason is the provider's, for people.",
  schema: Type.Object({ orderId: Uuid, invoiceId: Uuid, reason: Reason }),
});

export const PaymentRefunded = defineEvent({
  context: "billing",
  name: "payment-refunded",
  version: 1,
  subjectField: "invoiceId",
  description: "The order was cancelled after its payment: the captured amount went back in full.",
  schema: Type.Object({ orderId: Uuid, invoiceId: Uuid, amount: MoneySchema }),
});
