import Type from "typebox";
import { ProductName, Quantity, Sku, StockLineSchema, Uuid } from "../common-schemas.ts";
import { defineEvent } from "../event-type.ts";
import { MoneySchema } from "../money.ts";

const Count = Type.Integer({ minimum: 0 });

export const ProductCreated = defineEvent({
  context: "catalog",
  name: "product-created",
  version: 1,
  subjectField: "productId",
  description: "A product can be sold at this price. Ordering keeps a price replica from it.",
  schema: Type.Object({ productId: Uuid, sku: Sku, name: ProductName, price: MoneySchema }),
});

export const ProductPriceChanged = defineEvent({
  context: "catalog",
  name: "product-price-changed",
  version: 1,
  subjectField: "productId",
  description: "New orders use this price; confirmed orders keep theirs.",
  schema: Type.Object({ productId: Uuid, price: MoneySchema }),
});

export const ProductDiscontinued = defineEvent({
  context: "catalog",
  name: "product-discontinued",
  version: 1,
  subjectField: "productId",
  description: "The product can no longer be added to orders.",
  schema: Type.Object({ productId: Uuid }),
});

export const StockReserved = defineEvent({
  context: "catalog",
  name: "stock-reserved",
  version: 1,
  subjectField: "orderId",
  description: "Every line of the order is reserved (all or nothing).",
  schema: Type.Object({ orderId: Uuid, lines: Type.Array(StockLineSchema, { minItems: 1 }) }),
});

export const StockReservationFailed = defineEvent({
  context: "catalog",
  name: "stock-reservation-failed",
  version: 1,
  subjectField: "orderId",
  description: "Nothing was reserved; the lines listed could not be covered.",
  schema: Type.Object({
    orderId: Uuid,
    shortLines: Type.Array(Type.Object({ productId: Uuid, requested: Quantity, available: Count }), {
      minItems: 1,
    }),
  }),
});

export const StockLow = defineEvent({
  context: "catalog",
  name: "stock-low",
  version: 1,
  subjectField: "productId",
  description: "Available stock fell below the product's threshold (once per crossing).",
  schema: Type.Object({ productId: Uuid, available: Count, threshold: Count }),
});
