import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { OrderStatus } from "../../src/domain/order-status.ts";
import type { Db } from "../../src/infrastructure/database.ts";
import type { OrderingTestApp } from "./ordering-test-app.ts";
import { replicas } from "./replicas.ts";

export type Response = LightMyRequestResponse;
type Headers = Record<string, string>;

export interface MoneyJson {
  amount: string;
  currency: string;
}

export interface OrderJson {
  id: string;
  customerId: string;
  orderDate: string;
  status: OrderStatus;
  total: MoneyJson;
  lines: { productId: string; quantity: number; unitPrice: MoneyJson; lineTotal: MoneyJson }[];
  cancellationReason?: string;
  shippingAddress: AddressJson | null;
  history: StatusChangeJson[];
  version: number;
}

export interface StatusChangeJson {
  status: OrderStatus;
  at: string;
  cause?: "customer-request" | "out-of-stock" | "payment-failed";
  causedBy?: { kind: "command" | "event"; type: string; id: string };
}

/** The history entry a command sent over HTTP writes: caused by that request (its x-request-id). */
export function changedByCommand(
  status: OrderStatus,
  res: Response,
  command: string,
  cause?: StatusChangeJson["cause"],
): StatusChangeJson {
  const id = res.headers["x-request-id"];
  expect(id).toEqual(expect.any(String));
  return {
    status,
    at: expect.stringMatching(/Z$/),
    ...(cause ? { cause } : {}),
    causedBy: { kind: "command", type: command, id: id as string },
  };
}

/** The history entry another context's event writes: caused by that event (its type and id). */
export function changedByEvent(
  status: OrderStatus,
  event: { id: string; type: string },
  cause?: StatusChangeJson["cause"],
): StatusChangeJson {
  return {
    status,
    at: expect.stringMatching(/Z$/),
    ...(cause ? { cause } : {}),
    causedBy: { kind: "event", type: event.type, id: event.id },
  };
}

export interface AddressJson {
  recipient: string;
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  region?: string | null;
  country: string;
}

export const newUuid = (): string => randomUUID();

/** A requested line: what and how many. Ordering prices it from its product replica. */
export function line(productId: string, quantity = 1) {
  return { productId, quantity };
}

/** Thin calls of the HTTP API, through Fastify's inject (the whole stack, no socket). */
export function ordersApi(t: OrderingTestApp) {
  const app = t.app;
  const seed = replicas(t);
  return {
    place: (payload: unknown, headers: Headers = {}) =>
      app.inject({ method: "POST", url: "/orders", payload: payload as object, headers }),
    addLine: (id: string, payload: unknown, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/orders/${id}/lines`, payload: payload as object, headers }),
    confirm: (id: string, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/orders/${id}/confirm`, headers }),
    cancel: (id: string, reason: string, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/orders/${id}/cancel`, payload: { reason }, headers }),
    get: (id: string, headers: Headers = {}) => app.inject({ method: "GET", url: `/orders/${id}`, headers }),
    list: (query: Record<string, string | number>) =>
      app.inject({
        method: "GET",
        url: "/orders",
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      }),

    /**
     * Places an order and returns its JSON; fails the test unless it is a 201. Without a customer,
     * a new one is registered first (through CustomerRegistered, like every buyer ordering knows).
     */
    async placed(
      lines: unknown[] = [],
      customerId?: string,
      extra: Record<string, unknown> = {},
    ): Promise<OrderJson> {
      customerId ??= await seed.customer();
      const res = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId, lines, ...extra },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<OrderJson>();
    },
  };
}

/** A 2xx carrying an order; fails the test with the body otherwise. */
export function orderOf(res: Response, status = 200): OrderJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const order = res.json<OrderJson>();
  expect(res.headers.etag).toBe(`"${order.version}"`);
  return order;
}

/**
 * Everything ordering has written (orders, read model, idempotency keys, outbox, inbox, replicas),
 * to show that a refused request wrote nothing.
 */
export async function snapshot(db: Db) {
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(`
    SELECT
      (SELECT coalesce(json_agg(o ORDER BY o.id), '[]') FROM
        (SELECT id, customer_id, order_date, status, currency, cancellation_reason, shipping_address, version
           FROM orders) o) AS orders,
      (SELECT coalesce(json_agg(l ORDER BY l.order_id, l.position), '[]') FROM
        (SELECT order_id, product_id, position, quantity, unit_price::text AS unit_price FROM order_lines) l) AS lines,
      (SELECT coalesce(json_agg(v ORDER BY v.id), '[]') FROM
        (SELECT id, customer_id, status, version, document, updated_at FROM order_view) v) AS views,
      (SELECT coalesce(json_agg(k ORDER BY k.scope, k.key), '[]') FROM
        (SELECT scope, key, fingerprint, status, status_code, body FROM idempotency_keys) k) AS idempotency_keys,
      (SELECT coalesce(json_agg(x ORDER BY x.position), '[]') FROM
        (SELECT position, event_id, event_type, subject, envelope, sent_at FROM messaging_outbox) x) AS outbox,
      (SELECT coalesce(json_agg(i ORDER BY i.subscription, i.event_id), '[]') FROM
        (SELECT subscription, event_id FROM messaging_inbox) i) AS inbox,
      (SELECT coalesce(json_agg(b ORDER BY b.customer_id), '[]') FROM
        (SELECT * FROM buyers) b) AS buyers,
      (SELECT coalesce(json_agg(p ORDER BY p.product_id), '[]') FROM
        (SELECT product_id, sku, name, unit_price::text AS unit_price, currency, active, as_of
           FROM catalog_products) p) AS products`);
  if (!row) throw new Error("the snapshot query returned no row");
  return row;
}

export async function countOrders(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM orders");
  return row?.n ?? -1;
}

/** Runs `request` and checks that it changed nothing in the database; returns its response. */
export async function expectNoWrite(db: Db, request: () => Promise<Response>): Promise<Response> {
  const before = await snapshot(db);
  const res = await request();
  expect(await snapshot(db), `the refused request (${res.statusCode}) wrote to the database`).toEqual(before);
  return res;
}

/** Moves an order to a status no HTTP command reaches yet (those come with events), write and read side. */
export async function forceStatus(db: Db, id: string, status: OrderStatus): Promise<void> {
  await db.$transaction([
    db.$executeRawUnsafe("UPDATE orders SET status = $2 WHERE id = $1::uuid", id, status),
    db.$executeRawUnsafe(
      "UPDATE order_view SET status = $2, document = jsonb_set(document, '{status}', to_jsonb($2::text)) WHERE id = $1::uuid",
      id,
      status,
    ),
  ]);
}

const DECIMAL_2 = /^-?\d+\.\d{2}$/;

/** Every money amount anywhere in the JSON is a two-place decimal string, never a number. */
export function expectMoneyAsStrings(value: unknown, path = "$"): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      expectMoneyAsStrings(v, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if ("amount" in record) {
      expect(typeof record.amount, `${path}.amount`).toBe("string");
      expect(record.amount, `${path}.amount`).toMatch(DECIMAL_2);
      expect(typeof record.currency, `${path}.currency`).toBe("string");
    }
    for (const [k, v] of Object.entries(record)) expectMoneyAsStrings(v, `${path}.${k}`);
  }
}

/**
 * The read model agrees with the write side: the order_view row is exactly what GET answers, its
 * columns match the document, and the document's lines and total match order_lines and orders (the
 * total computed in SQL). EUR (two minor digits) orders only. Returns the order.
 */
export async function expectConsistent(t: OrderingTestApp, id: string): Promise<OrderJson> {
  const res = await t.app.inject({ method: "GET", url: `/orders/${id}` });
  const order = orderOf(res);
  expectMoneyAsStrings(order);

  const views = await t.db.$queryRawUnsafe<
    { customer_id: string; status: string; version: number; document: OrderJson }[]
  >("SELECT customer_id::text, status, version, document FROM order_view WHERE id = $1::uuid", id);
  expect(views).toHaveLength(1);
  const view = views[0]!;
  expect(view.document).toEqual(order);
  expect({ customerId: view.customer_id, status: view.status, version: view.version }).toEqual({
    customerId: order.customerId,
    status: order.status,
    version: order.version,
  });

  const writes = await t.db.$queryRawUnsafe<
    {
      customer_id: string;
      order_date: string;
      status: string;
      currency: string;
      version: number;
      cancellation_reason: string | null;
      shipping_address: AddressJson | null;
      total: string;
      lines: number;
    }[]
  >(
    `SELECT o.customer_id::text, to_json(o.order_date)#>>'{}' AS order_date, o.status, o.currency, o.version,
            o.cancellation_reason, o.shipping_address,
            coalesce(sum(l.quantity * l.unit_price), 0)::numeric(21, 2)::text AS total, count(l.*)::int AS lines
       FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
      WHERE o.id = $1::uuid
      GROUP BY o.id`,
    id,
  );
  expect(writes).toHaveLength(1);
  const write = writes[0]!;
  expect(new Date(write.order_date).toISOString()).toBe(order.orderDate);
  expect({
    customerId: write.customer_id,
    status: write.status,
    version: write.version,
    total: { amount: write.total, currency: write.currency },
    lines: write.lines,
    cancellationReason: write.cancellation_reason ?? undefined,
    shippingAddress: write.shipping_address,
  }).toEqual({
    customerId: order.customerId,
    status: order.status,
    version: order.version,
    total: order.total,
    lines: order.lines.length,
    cancellationReason: order.cancellationReason,
    shippingAddress: order.shippingAddress,
  });

  const lines = await t.db.$queryRawUnsafe<
    { product_id: string; quantity: number; unit_price: string; line_total: string }[]
  >(
    `SELECT product_id::text, quantity, unit_price::numeric(19, 2)::text AS unit_price,
            (quantity * unit_price)::numeric(21, 2)::text AS line_total
       FROM order_lines WHERE order_id = $1::uuid ORDER BY position`,
    id,
  );
  expect(
    lines.map((l) => ({
      productId: l.product_id,
      quantity: l.quantity,
      unitPrice: { amount: l.unit_price, currency: write.currency },
      lineTotal: { amount: l.line_total, currency: write.currency },
    })),
  ).toEqual(order.lines);

  // the document's own arithmetic: total is the sum of the line totals (in cents, as integers)
  const cents = (amount: string) => BigInt(amount.replace(".", ""));
  expect(order.lines.reduce((sum, l) => sum + cents(l.lineTotal.amount), 0n)).toBe(cents(order.total.amount));
  return order;
}

export { expectProblem, expectValidationError, type ProblemJson } from "@ecommerce/test-support";
