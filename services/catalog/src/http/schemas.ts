import { MoneySchema, ProblemSchema, pageOf } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { MAX_CATEGORY_DEPTH, MAX_CATEGORY_NAME_LENGTH } from "../domain/category.ts";
import {
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_ATTRIBUTES,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
} from "../domain/product.ts";
import { PRODUCT_STATUSES } from "../domain/product-status.ts";
import { MAX_ADJUSTMENT, MAX_STOCK, MAX_STOCK_REASON_LENGTH, MAX_THRESHOLD } from "../domain/stock-item.ts";

const Uuid = Type.String({ format: "uuid", description: "UUID" });

// One line of text: no control characters (NUL cannot even be stored). Multi-line text keeps tab,
// newline and carriage return. Neither may hold half a surrogate pair (ill-formed UTF-16): UTF-8 has
// no encoding for it and PostgreSQL's json refuses its escape, so it could not be stored as sent.
// (The validator matches by code point, so a whole pair, an emoji say, is not in that range.)
const ONE_LINE = "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$";
const MULTI_LINE = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uD800-\\uDFFF]*$";
const Line = (maxLength: number, extra: object = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: ONE_LINE, ...extra });

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
    cursor: Type.Optional(Type.String({ maxLength: 2000 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  },
  { additionalProperties: false },
);

export const CategoryPage = pageOf(CategoryResponse);

// --- products

const Sku = Type.String({
  pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
  description: "1-64 letters, digits, '.', '_' or '-'; unique whatever its case",
  examples: ["PHN-001"],
});

const Attributes = Type.Record(
  Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$" }),
  Line(MAX_ATTRIBUTE_VALUE_LENGTH),
  {
    maxProperties: MAX_ATTRIBUTES,
    additionalProperties: false,
    description: `Up to ${MAX_ATTRIBUTES} name → value pairs, e.g. {"colour": "black"}`,
  },
);

export const CreateProductRequest = Type.Object(
  {
    sku: Sku,
    name: Line(MAX_NAME_LENGTH),
    description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH, pattern: MULTI_LINE })),
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
    delta: Type.Integer({
      minimum: -MAX_ADJUSTMENT,
      maximum: MAX_ADJUSTMENT,
      not: { const: 0 },
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
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Part of the name or SKU" })),
    includeDiscontinued: Type.Boolean({ default: false }),
    cursor: Type.Optional(Type.String({ maxLength: 2000 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const CommandHeaders = Type.Object({
  "if-match": Type.Optional(Type.String({ description: 'The ETag the change is based on, e.g. "3.7"' })),
  "idempotency-key": Type.Optional(Type.String({ maxLength: 255 })),
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
