import { newId } from "@ecommerce/domain-kernel";
import { STAFF_ROLES } from "@ecommerce/service-kit";
import {
  authorisationMatrix,
  expectEveryRouteDeclared,
  expectProblem,
  type TestIssuer,
  testIssuer,
  waitFor,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awaitingPayment,
  type BillingTestApp,
  createBillingTestApp,
  invoiceOf,
} from "../support/billing-test-app.ts";

let t: BillingTestApp;
let issuer: TestIssuer;
beforeAll(async () => {
  t = await createBillingTestApp();
  issuer = await testIssuer();
});
afterAll(() => t?.close());

const as = async (sub: string, roles: string[]) => ({
  authorization: `Bearer ${await issuer.tokenFor({ sub, roles })}`,
});

describe("who may call billing", () => {
  it("every route declares who may call it", () => {
    expectEveryRouteDeclared(t.app);
  });

  it("holds the authorisation matrix generated from the route table", async () => {
    expect(await authorisationMatrix({ app: t.app, issuer, staffRoles: STAFF_ROLES })).toEqual([]);
  });

  it("a customer reads only their own invoices: another's answers 404 like a missing one", async () => {
    const ada = newId();
    const grace = newId();
    const adas = awaitingPayment({ customerId: ada });
    await t.handleEvent("ordering.billing", adas);
    await waitFor("ada's invoice", async () => Boolean(await invoiceOf(t.db, adas.data.orderId)));
    const invoice = await invoiceOf(t.db, adas.data.orderId);
    const get = async (id: string, sub: string) =>
      t.app.inject({ method: "GET", url: `/invoices/${id}`, headers: await as(sub, ["customer"]) });

    expect((await get(String(invoice?.id), ada)).statusCode).toBe(200);
    expectProblem(await get(String(invoice?.id), grace), 404, "billing.invoice_not_found");
    expectProblem(await get(newId(), grace), 404, "billing.invoice_not_found");

    const byOrder = async (sub: string) =>
      t.app.inject({
        method: "GET",
        url: `/invoices?orderId=${adas.data.orderId}`,
        headers: await as(sub, ["customer"]),
      });
    expect((await byOrder(ada)).json().items).toHaveLength(1);
    expect((await byOrder(grace)).json().items).toEqual([]);
    const named = await t.app.inject({
      method: "GET",
      url: `/invoices?customerId=${ada}`,
      headers: await as(grace, ["customer"]),
    });
    expectProblem(named, 403, "forbidden");
    const staff = await t.app.inject({
      method: "GET",
      url: `/invoices?customerId=${ada}`,
      headers: await as("clerk", ["billing.read"]),
    });
    expect(staff.json().items).toHaveLength(1);
  });
});
