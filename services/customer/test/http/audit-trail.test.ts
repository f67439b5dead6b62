import { randomUUID } from "node:crypto";
import { Roles } from "@ecommerce/service-kit";
import {
  auditPages,
  auditRows,
  authorizationAs,
  expectAuditAdminOnly,
  expectProblem,
  refuseAuditRows,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  address,
  countCustomers,
  customersApi,
  expectNoWrite,
  uniqueEmail,
} from "../support/customers-api.ts";

// Customer's audit trail, in its own database. Customer consumes no events: its commands come over HTTP.

let t: CustomerTestApp;
let api: ReturnType<typeof customersApi>;

beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

const chain = () => ({ "x-correlation-id": randomUUID(), "x-request-id": randomUUID() });

describe("customer's audit trail", () => {
  it("a registration leaves one row, with the email, name and address redacted", async () => {
    const clerk = randomUUID();
    const headers = { ...chain(), ...(await authorizationAs(clerk, [Roles.CUSTOMERS_WRITE])) };
    const email = uniqueEmail("grace");
    const res = await api.register(
      { email, name: "Grace Hopper", address: address({ line1: "7 Navy Yard", city: "Arlington" }) },
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    const customerId = res.json<{ id: string }>().id;
    const rows = await auditRows(t.db, { correlationId: headers["x-correlation-id"] });
    expect(rows).toEqual([
      expect.objectContaining({
        command: "RegisterCustomer",
        targetId: customerId,
        actor: { subject: clerk, roles: [Roles.CUSTOMERS_WRITE] },
        causationId: headers["x-request-id"],
        outcome: "succeeded",
        payload: { email: "[redacted]", name: "[redacted]", address: "[redacted]" },
      }),
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/grace|Hopper|Navy Yard|Arlington/);
  });

  it("a refused command leaves a row with its error code, and no effect", async () => {
    const customer = await api.registered();
    expect((await api.deactivate(customer.id)).statusCode).toBe(200);
    const headers = chain();
    const res = await expectNoWrite(t.db, () => api.patch(customer.id, { name: "Someone Else" }, headers));
    expectProblem(res, 409, "customer.deactivated");
    expect(await auditRows(t.db, { correlationId: headers["x-correlation-id"] })).toEqual([
      expect.objectContaining({
        command: "UpdateCustomerProfile",
        targetId: customer.id,
        outcome: "customer.deactivated",
        payload: expect.objectContaining({ customerId: customer.id, change: { name: "[redacted]" } }),
      }),
    ]);
  });

  it("when the audit row cannot be written, the customer is not registered", async () => {
    const before = await countCustomers(t.db);
    const lift = await refuseAuditRows(t.db, "RegisterCustomer");
    try {
      expectProblem(await api.register({ email: uniqueEmail(), name: "Nobody" }), 500, "internal_error");
    } finally {
      await lift();
    }
    expect(await countCustomers(t.db)).toBe(before);
  });

  it("GET /audit pages a customer's trail, newest first; an address added is in the customer's trail", async () => {
    const customer = await api.registered();
    expect((await api.patch(customer.id, { name: "Ada King" })).statusCode).toBe(200);
    expect((await api.addAddress(customer.id, { ...address(), default: true })).statusCode).toBe(200);
    expect((await api.deactivate(customer.id)).statusCode).toBe(200);
    const { pages, items } = await auditPages(t.app, customer.id, 3);
    expect(pages).toBe(2);
    expect(items.map((i) => i.command)).toEqual([
      "DeactivateCustomer",
      "AddCustomerAddress",
      "UpdateCustomerProfile",
      "RegisterCustomer",
    ]);
  });

  it("GET /audit is for admin only", async () => {
    await expectAuditAdminOnly(t.app, randomUUID(), [Roles.CUSTOMERS_READ, Roles.CUSTOMERS_WRITE]);
  });
});
