import { randomUUID } from "node:crypto";
import { type KnownEvent, parseEvent } from "@ecommerce/contracts";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { ShipmentDocument } from "../../src/application/queries/shipment-dto.ts";
import type { Db } from "../../src/infrastructure/database.ts";
import { type Line, ORDERING_SUBSCRIPTION, orderPaid } from "./events.ts";
import type { ShippingTestApp } from "./shipping-test-app.ts";

export type Response = LightMyRequestResponse;
type Headers = Record<string, string>;

export type ShipmentJson = ShipmentDocument;

export const newUuid = (): string => randomUUID();

/** Thin calls of the HTTP API, through Fastify's inject (the whole stack, no socket). */
export function shippingApi(t: ShippingTestApp) {
  const app = t.app;
  return {
    get: (id: string, headers: Headers = {}) =>
      app.inject({ method: "GET", url: `/shipments/${id}`, headers }),
    list: (query: Record<string, string | number>) =>
      app.inject({
        method: "GET",
        url: "/shipments",
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      }),
    track: (trackingNumber: string) =>
      app.inject({ method: "GET", url: `/shipments/tracking/${encodeURIComponent(trackingNumber)}` }),
    dispatch: (id: string, payload: unknown, headers: Headers = {}) =>
      app.inject({
        method: "POST",
        url: `/shipments/${id}/dispatch`,
        payload: payload as object,
        headers,
      }),
    deliver: (id: string, headers: Headers = {}) =>
      app.inject({ method: "POST", url: `/shipments/${id}/deliver`, headers }),

    /** A shipment as OrderPaid creates it (through the consumer, inbox and all); returns its JSON. */
    async created(lines?: Line[], customerId?: string): Promise<ShipmentJson> {
      const orderId = newUuid();
      const paid = orderPaid(orderId, lines, undefined, customerId);
      expect(await t.handleEvent(ORDERING_SUBSCRIPTION, paid)).toBe("handled");
      return shipmentOfOrder(t.db, orderId);
    },
  };
}

export type ShippingApi = ReturnType<typeof shippingApi>;

/** A 2xx carrying a shipment with its ETag; fails the test with the body otherwise. */
export function shipmentOf(res: Response, status = 200): ShipmentJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const shipment = res.json<ShipmentJson>();
  expect(res.headers.etag).toBe(`"${shipment.version}"`);
  return shipment;
}

/** The read model's document of the order's shipment; fails unless there is exactly one. */
export async function shipmentOfOrder(db: Db, orderId: string): Promise<ShipmentJson> {
  const rows = await db.$queryRawUnsafe<{ document: ShipmentJson }[]>(
    "SELECT document FROM shipment_views WHERE order_id = $1::uuid",
    orderId,
  );
  expect(rows, `shipments of order ${orderId}`).toHaveLength(1);
  return rows[0]!.document;
}

export async function countShipments(db: Db, orderId?: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    orderId === undefined
      ? "SELECT count(*)::int AS n FROM shipments"
      : "SELECT count(*)::int AS n FROM shipments WHERE order_id = $1::uuid",
    ...(orderId === undefined ? [] : [orderId]),
  );
  return row?.n ?? -1;
}

/** The outbox's events in publishing order (of one subject when given), parsed against the contracts. */
export async function outboxEvents(db: Db, subject?: string): Promise<KnownEvent[]> {
  const rows = await db.$queryRawUnsafe<{ envelope: unknown }[]>(
    subject === undefined
      ? "SELECT envelope FROM messaging_outbox ORDER BY position"
      : "SELECT envelope FROM messaging_outbox WHERE subject = $1 ORDER BY position",
    ...(subject === undefined ? [] : [subject]),
  );
  return rows.map((r) => parseEvent(r.envelope));
}

/**
 * Every row of every table of the service's database (its own, the idempotency keys, the outbox and
 * inbox), found from the catalog so that a table added later is covered too.
 */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ rows: unknown[] }[]>(
      `SELECT coalesce(json_agg(t ORDER BY t::text), '[]') AS rows FROM "${name}" t`,
    );
    result[name] = row?.rows ?? [];
  }
  return result;
}

/** Runs `request` and checks that it changed nothing in any table; returns what it returned. */
export async function expectNoWrite<T>(db: Db, request: () => Promise<T>): Promise<T> {
  const before = await snapshot(db);
  const result = await request();
  expect(await snapshot(db), "the refused request wrote to the database").toEqual(before);
  return result;
}

export { expectProblem, expectValidationError, type ProblemJson } from "@ecommerce/test-support";
