import { randomUUID } from "node:crypto";
import { STAFF_ROLES } from "@ecommerce/service-kit";
import {
  authorisationMatrix,
  expectEveryRouteDeclared,
  expectProblem,
  type TestIssuer,
  testIssuer,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippingApi } from "../support/shipping-api.ts";
import { createShippingTestApp, type ShippingTestApp } from "../support/shipping-test-app.ts";

let t: ShippingTestApp;
let issuer: TestIssuer;
let api: ReturnType<typeof shippingApi>;
beforeAll(async () => {
  t = await createShippingTestApp();
  issuer = await testIssuer();
  api = shippingApi(t);
});
afterAll(() => t.close());

const as = async (sub: string, roles: string[]) => ({
  authorization: `Bearer ${await issuer.tokenFor({ sub, roles })}`,
});

describe("who may call shipping", () => {
  it("every route declares who may call it", () => {
    expectEveryRouteDeclared(t.app);
  });

  it("holds the authorisation matrix generated from the route table", async () => {
    expect(await authorisationMatrix({ app: t.app, issuer, staffRoles: STAFF_ROLES })).toEqual([]);
  });

  it("records whose parcel it is from OrderPaid", async () => {
    const ada = randomUUID();
    expect((await api.created(undefined, ada)).customerId).toBe(ada);
  });

  it("a customer reads only their own shipments: another's answers 404 like a missing one", async () => {
    const ada = randomUUID();
    const grace = randomUUID();
    const adas = await api.created(undefined, ada);
    const asAda = await as(ada, ["customer"]);
    const asGrace = await as(grace, ["customer"]);

    expect((await api.get(adas.id, asAda)).statusCode).toBe(200);
    expectProblem(await api.get(adas.id, asGrace), 404, "shipping.shipment_not_found");
    expectProblem(await api.get(randomUUID(), asGrace), 404, "shipping.shipment_not_found");

    const list = async (headers: Record<string, string>) =>
      t.app.inject({ method: "GET", url: `/shipments?orderId=${adas.orderId}`, headers });
    expect((await list(asAda)).json().items).toHaveLength(1);
    expect((await list(asGrace)).json().items).toEqual([]);

    const dispatched = await api.dispatch(
      adas.id,
      { carrier: "DHL", trackingNumber: `TRK-${ada.slice(0, 8)}` },
      { "if-match": `"${adas.version}"` },
    );
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const track = async (headers: Record<string, string>) =>
      t.app.inject({ method: "GET", url: `/shipments/tracking/TRK-${ada.slice(0, 8)}`, headers });
    expect((await track(asAda)).statusCode).toBe(200);
    expectProblem(await track(asGrace), 404, "shipping.shipment_not_found");
    expectProblem(await api.deliver(adas.id, { ...asAda, "if-match": '"2"' }), 403, "forbidden");
  });
});
