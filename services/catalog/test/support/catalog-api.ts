import { randomUUID } from "node:crypto";
import { type KnownEvent, parseEvent } from "@ecommerce/contracts";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Db } from "../../src/infrastructure/database.ts";
import type { CatalogTestApp } from "./catalog-test-app.ts";

export type Response = LightMyRequestResponse;
type Headers = Record<string, string>;

export interface MoneyJson {
  amount: string;
  currency: string;
}

export interface CategoryJson {
  id: string;
  name: string;
  parentId: string | null;
  path: { id: string; name: string }[];
  depth: number;
  createdAt: string;
}

export interface ProductJson {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: MoneyJson;
  status: "Active" | "Discontinued";
  category: { id: string; name: string; path: { id: string; name: string }[] };
  attributes: Record<string, string>;
  available: number;
  lowStockThreshold: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StockJson {
  onHand: number;
  reserved: number;
  available: number;
}

export interface PageJson<T> {
  items: T[];
  nextCursor: string | null;
}

export const newUuid = (): string => randomUUID();

let skuCounter = 0;
/** A SKU no other test uses. */
export const uniqueSku = (prefix = "SKU"): string =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${(skuCounter++).toString(36)}`.toUpperCase();

export const eur = (amount: string): MoneyJson => ({ amount, currency: "EUR" });

/** Thin calls of the HTTP API, through Fastify's inject (the whole stack, no socket). */
export function catalogApi(t: CatalogTestApp) {
  const app = t.app;
  const post = (url: string, payload?: unknown, headers: Headers = {}) =>
    app.inject({
      method: "POST",
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers,
    });
  const get = (url: string, headers: Headers = {}) => app.inject({ method: "GET", url, headers });
  const api = {
    createCategory: (payload: unknown, headers: Headers = {}) => post("/categories", payload, headers),
    getCategory: (id: string) => get(`/categories/${id}`),
    listCategories: (query: Record<string, string | number> = {}) =>
      app.inject({ method: "GET", url: "/categories", query: stringify(query) }),
    createProduct: (payload: unknown, headers: Headers = {}) => post("/products", payload, headers),
    getProduct: (id: string, headers: Headers = {}) => get(`/products/${id}`, headers),
    listProducts: (query: Record<string, string | number | boolean> = {}) =>
      app.inject({ method: "GET", url: "/products", query: stringify(query) }),
    changePrice: (id: string, payload: unknown, headers: Headers = {}) =>
      post(`/products/${id}/price`, payload, headers),
    discontinue: (id: string, headers: Headers = {}) =>
      post(`/products/${id}/discontinue`, undefined, headers),
    adjustStock: (id: string, payload: unknown, headers: Headers = {}) =>
      post(`/products/${id}/stock`, payload, headers),
    getStock: (id: string, headers: Headers = {}) => get(`/products/${id}/stock`, headers),

    /** Creates a category and returns it; fails the test unless it is a 201. */
    async category(name = `Category ${newUuid().slice(0, 8)}`, parentId?: string): Promise<CategoryJson> {
      const res = await api.createCategory({ name, ...(parentId ? { parentId } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<CategoryJson>();
    },

    /** Creates a product (in a new category unless given) and returns it; fails the test unless 201. */
    async product(fields: Record<string, unknown> = {}): Promise<ProductJson> {
      const categoryId = (fields.categoryId as string | undefined) ?? (await api.category()).id;
      const res = await api.createProduct({
        sku: uniqueSku(),
        name: "Test product",
        price: eur("10.00"),
        initialStock: 10,
        ...fields,
        categoryId,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<ProductJson>();
    },

    async stock(id: string): Promise<StockJson> {
      const res = await api.getStock(id);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<StockJson>();
    },
  };
  return api;
}

function stringify(query: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
}

/** A 2xx with JSON; fails the test with the body otherwise. */
export function jsonOf<T>(res: Response, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  return res.json<T>();
}

/** Every table catalog writes, the outbox and inbox included. */
export const TABLES = [
  "categories",
  "products",
  "stock_items",
  "stock_movements",
  "reservations",
  "reservation_lines",
  "product_view",
  "messaging_outbox",
  "messaging_inbox",
  "idempotency_keys",
] as const;

/** Row count and a digest of the content of every table, to show that a refused request wrote nothing. */
export async function snapshot(db: Db): Promise<Record<string, { rows: number; digest: string | null }>> {
  const parts = TABLES.map(
    (table) =>
      `SELECT '${table}' AS t, count(*)::int AS rows, md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest FROM ${table} x`,
  );
  const rows = await db.$queryRawUnsafe<{ t: string; rows: number; digest: string | null }[]>(
    parts.join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map((r) => [r.t, { rows: r.rows, digest: r.digest }]));
}

export async function countRows(db: Db, table: (typeof TABLES)[number]): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

/** Runs `request` and checks that it changed nothing in the database; returns its response. */
export async function expectNoWrite(db: Db, request: () => Promise<Response>): Promise<Response> {
  const before = await snapshot(db);
  const res = await request();
  expect(await snapshot(db), `the refused request (${res.statusCode}) wrote to the database`).toEqual(before);
  return res;
}

/** The outbox's events (parsed against the contracts), oldest first; optionally only those after `afterPosition`. */
export async function outboxEvents(db: Db, afterPosition = 0): Promise<KnownEvent[]> {
  const rows = await db.$queryRawUnsafe<{ envelope: unknown }[]>(
    "SELECT envelope FROM messaging_outbox WHERE position > $1 ORDER BY position",
    afterPosition,
  );
  return rows.map((r) => parseEvent(r.envelope));
}

export async function outboxPosition(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ p: number }[]>(
    "SELECT coalesce(max(position), 0)::int AS p FROM messaging_outbox",
  );
  return row?.p ?? 0;
}

/** Runs `action` and returns the events it wrote to the outbox. */
export async function eventsOf(db: Db, action: () => Promise<unknown>): Promise<KnownEvent[]> {
  const before = await outboxPosition(db);
  await action();
  return outboxEvents(db, before);
}

/** The stock row as the write side holds it. */
export async function stockRow(db: Db, productId: string) {
  const rows = await db.$queryRawUnsafe<{ on_hand: number; reserved: number; version: number }[]>(
    "SELECT on_hand, reserved, version FROM stock_items WHERE product_id = $1::uuid",
    productId,
  );
  return rows[0];
}

/**
 * The read model agrees with the write side: GET /products/{id} (through the cache) answers what
 * products, stock_items and categories hold, and its ETag is "<product version>.<stock version>".
 * EUR (two minor digits) products only. Returns the product.
 */
export async function expectConsistent(t: CatalogTestApp, productId: string): Promise<ProductJson> {
  const res = await t.app.inject({ method: "GET", url: `/products/${productId}` });
  const product = jsonOf<ProductJson>(res);
  const rows = await t.db.$queryRawUnsafe<
    {
      sku: string;
      name: string;
      description: string;
      price: string;
      currency: string;
      category_id: string;
      status: string;
      attributes: Record<string, string>;
      version: number;
      on_hand: number;
      reserved: number;
      low_stock_threshold: number;
      stock_version: number;
      path: { id: string; name: string }[];
    }[]
  >(
    `SELECT p.sku, p.name, p.description, p.price_amount::numeric(19, 2)::text AS price, p.currency,
            p.category_id::text, p.status, p.attributes, p.version, s.on_hand, s.reserved, s.low_stock_threshold,
            s.version AS stock_version, c.path
       FROM products p JOIN stock_items s ON s.product_id = p.id JOIN categories c ON c.id = p.category_id
      WHERE p.id = $1::uuid`,
    productId,
  );
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  expect(product).toMatchObject({
    id: productId,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amount: row.price, currency: row.currency },
    status: row.status,
    category: { id: row.category_id, name: row.path.at(-1)?.name, path: row.path },
    attributes: row.attributes,
    available: row.on_hand - row.reserved,
    lowStockThreshold: row.low_stock_threshold,
    version: row.version,
  });
  expect(res.headers.etag).toBe(`"${row.version}.${row.stock_version}"`);
  const stock = jsonOf<StockJson>(await t.app.inject({ method: "GET", url: `/products/${productId}/stock` }));
  expect(stock).toEqual({
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
  });
  return product;
}

export { expectProblem, expectValidationError, type ProblemJson } from "@ecommerce/test-support";
