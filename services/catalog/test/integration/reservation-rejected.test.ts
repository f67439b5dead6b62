import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogApi, newUuid, type ProductJson, stockRow } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { ORDERING_SUBSCRIPTION, orderConfirmed, reservationRejected } from "../support/events.ts";

// Ordering rejects a reservation it has no order for (a forged or foreign OrderConfirmed, or an order
// it has cancelled): catalog gives the units back, so none stay reserved for good.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  product = await api.product({ initialStock: 100 });
});
afterAll(() => t.close());

describe("ReservationRejected", () => {
  it("releases the order's reserved units, once however often it is delivered", async () => {
    const orderId = newUuid();
    await t.handleEvent(
      ORDERING_SUBSCRIPTION,
      orderConfirmed(orderId, [{ productId: product.id, quantity: 90 }]),
    );
    expect(await stockRow(t.db, product.id)).toMatchObject({ on_hand: 100, reserved: 90 });

    const rejected = reservationRejected(orderId);
    const outcomes = await Promise.all([1, 2].map(() => t.handleEvent(ORDERING_SUBSCRIPTION, rejected)));
    expect(outcomes.sort()).toEqual(["duplicate", "handled"]);
    expect(await stockRow(t.db, product.id)).toMatchObject({ on_hand: 100, reserved: 0 });
    const status = await t.db.$queryRawUnsafe<{ status: string }[]>(
      "SELECT status FROM reservations WHERE order_id = $1::uuid",
      orderId,
    );
    expect(status).toEqual([{ status: "Released" }]);
  });

  it("for an order catalog never reserved for, reserves nothing if that order's confirmation comes later", async () => {
    const orderId = newUuid();
    const before = await stockRow(t.db, product.id);
    await t.handleEvent(ORDERING_SUBSCRIPTION, reservationRejected(orderId, "order-cancelled"));
    await t.handleEvent(
      ORDERING_SUBSCRIPTION,
      orderConfirmed(orderId, [{ productId: product.id, quantity: 5 }]),
    );
    expect(await stockRow(t.db, product.id)).toMatchObject({ reserved: before?.reserved });
  });
});
