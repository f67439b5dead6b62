import { ifMatchHeader, MoneySchema, ProblemSchema, pageOf } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { StockDelta } from "../application/commands/adjust-stock.ts";
import { Attributes, Line, MultiLine, Sku, Uuid } from "../application/field-schemas.ts";
import { Cursor, MAX_SEARCH_LENGTH, PageSize } from "../application/queries/paging.ts";
import { MAX_CATEGORY_DEPTH, MAX_CATEGORY_NAME_LENGTH } from "../domain/category.ts";
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH } from "../domain/product.ts";
import { PRODUCT_STATUSES } from "../domain/product-status.ts";
import { MAX_STOCK, MAX_STOCK_REASON_LENGTH, MAX_THRESHOLD } from "../domain/stock-item.ts";

// The field shapes (ids, text, SKU, attributes, paging) are the application's: the mediator checks
// every command and query against them too, so both lines of defence agree.

export const Money = MoneySchema;

const PathEntry = Type.Object({ id: Uuid, name: Type.String() });

// --- categories

export const CreateCategoryRequest = Type.Object(
  {
    name: Line(MAX_CATEGORY_NAME_LENGTH, { examples: ["Phones"] }),
    parentId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const CategoryResponse = Type.Object({
  id: Uuid,
  name: Type.String(),
  parentId: Type.Union([Uuid, Type.Null()]),
  path: Type.Array(PathEntry, { description: "From the root down to the category itself" }),
  depth: Type.Integer({ minimum: 1, maximum: MAX_CATEGORY_DEPTH }),
  createdAt: Type.String({ format: "date-time" }),
});

export const ListCategoriesQuery = Type.Object(
  {
    parentId: Type.Optional(
      Type.String({ format: "uuid", description: "Children of this category; roots without it" }),
    ),
    cursor: Type.Optional(Cursor),
    limit: PageSize({ default: 50 }),
  },
  { additionalProperties: false },
);

export const CategoryPage = pageOf(CategoryResponse);

// --- products

export const CreateProductRequest = Type.Object(
  {
    sku: Sku,
    name: Line(MAX_NAME_LENGTH),
    description: Type.Optional(MultiLine(MAX_DESCRIPTION_LENGTH)),
    price: Money,
    categoryId: Uuid,
    initialStock: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STOCK, default: 0 })),
    lowStockThreshold: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_THRESHOLD,
        default: 0,
        description: "StockLow is published when available stock falls below it (0: never)",
      }),
    ),
    attributes: Type.Optional(Attributes),
  },
  { additionalProperties: false },
);

export const ChangePriceRequest = Type.Object({ price: Money }, { additionalProperties: false });

export const AdjustStockRequest = Type.Object(
  {
    delta: StockDelta({
      description: "Units added to (restock) or removed from (correction) the stock on hand",
    }),
    reason: Line(MAX_STOCK_REASON_LENGTH, { examples: ["delivery from supplier"] }),
  },
  { additionalProperties: false },
);

export const ProductIdParams = Type.Object({ id: Uuid });
export const CategoryIdParams = Type.Object({ id: Uuid });

export const ListProductsQuery = Type.Object(
  {
    categoryId: Type.Optional(
      Type.String({ format: "uuid", description: "The category and its subcategories" }),
    ),
    q: Type.Optional(Line(MAX_SEARCH_LENGTH, { description: "Part of the name or SKU" })),
    includeDiscontinued: Type.Boolean({ default: false }),
    cursor: Type.Optional(Cursor),
    limit: PageSize({ default: 20 }),
  },
  { additionalProperties: false },
);

const IdempotencyKey = Type.Optional(Type.String({ maxLength: 255 }));

/** Creating: there is nothing yet, so no version to match. */
export const CreateHeaders = Type.Object({ "idempotency-key": IdempotencyKey });

/** Commands on a product: If-Match takes the product's ETag ("3.7"; its product part counts). */
export const ProductCommandHeaders = Type.Object({
  "if-match": ifMatchHeader('"3.7"'),
  "idempotency-key": IdempotencyKey,
});

/** Adjusting stock: If-Match takes the stock's ETag ("7"), or the product's ("3.7", its stock part). */
export const StockCommandHeaders = Type.Object({
  "if-match": ifMatchHeader('"7"'),
  "idempotency-key": IdempotencyKey,
});

export const ProductResponse = Type.Object({
  id: Uuid,
  sku: Type.String(),
  name: Type.String(),
  description: Type.String(),
  price: Money,
  status: Type.Enum(PRODUCT_STATUSES),
  category: Type.Object({ id: Uuid, name: Type.String(), path: Type.Array(PathEntry) }),
  attributes: Type.Record(Type.String(), Type.String()),
  available: Type.Integer({ description: "Units that can be ordered: on hand minus reserved" }),
  lowStockThreshold: Type.Integer(),
  version: Type.Integer({ description: "The product's version (its ETag is product.stock)" }),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const ProductPage = pageOf(ProductResponse);

export const StockLevelResponse = Type.Object({
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
});

export const Problem = ProblemSchema;
