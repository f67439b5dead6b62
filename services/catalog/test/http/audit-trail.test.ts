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
import { catalogApi, countRows, eur, expectNoWrite, newUuid } from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";
import { ORDERING_SUBSCRIPTION, orderConfirmed } from "../support/events.ts";

// Catalog's audit trail, in its own database: every command over HTTP or from an event leaves a row.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;

beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
});
afterAll(() => t.close());

const chain = () => ({ "x-correlation-id": randomUUID(), "x-request-id": randomUUID() });

describe("catalog's audit trail", () => {
  it("a command over HTTP leaves one row, the product's name kept and an email in its text redacted", async () => {
    const category = await api.category();
    const clerk = newUuid();
    const headers = { ...chain(), ...(await authorizationAs(clerk, [Roles.CATALOG_WRITE])) };
    const res = await api.createProduct(
      {
        sku: "AUD-1",
        name: "Desk lamp",
        description: "Questions: lamps@example.com",
        price: eur("25.00"),
        categoryId: category.id,
      },
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    const productId = res.json<{ id: string }>().id;
    expect(await auditRows(t.db, { correlationId: headers["x-correlation-id"] })).toEqual([
      expect.objectContaining({
        command: "CreateProduct",
        targetId: productId,
        actor: { subject: clerk, roles: [Roles.CATALOG_WRITE] },
        causationId: headers["x-request-id"],
        outcome: "succeeded",
        payload: {
          product: expect.objectContaining({
            sku: "AUD-1",
            name: "Desk lamp",
            description: "[redacted]",
            price: { amount: "25.00", currency: "EUR" },
            categoryId: category.id,
          }),
        },
      }),
    ]);
  });

  it("a refused command leaves a row with its error code, and no effect", async () => {
    const product = await api.product();
    expect((await api.discontinue(product.id)).statusCode).toBe(200);
    const headers = chain();
    const res = await expectNoWrite(t.db, () => api.changePrice(product.id, { price: eur("9.00") }, headers));
    expectProblem(res, 409, "product.discontinued");
    expect(await auditRows(t.db, { correlationId: headers["x-correlation-id"] })).toEqual([
      expect.objectContaining({
        command: "ChangeProductPrice",
        targetId: product.id,
        outcome: "product.discontinued",
      }),
    ]);
  });

  it("an event's handling and the command it sends leave rows, as ordering, about the order", async () => {
    const product = await api.product({ initialStock: 5 });
    const orderId = newUuid();
    const event = orderConfirmed(orderId, [{ productId: product.id, quantity: 1 }]);
    expect(await t.handleEvent(ORDERING_SUBSCRIPTION, event)).toBe("handled");
    const rows = await auditRows(t.db, { correlationId: event.correlationid });
    expect(rows.map((r) => [r.command, r.targetId, r.actor.subject, r.outcome])).toEqual([
      [`HandleIntegrationEvent(${event.type})`, orderId, "event:ordering", "succeeded"],
      ["ReserveStock", orderId, "event:ordering", "succeeded"],
    ]);
  });

  it("when the audit row cannot be written, the category is not created", async () => {
    const before = await countRows(t.db, "categories");
    const lift = await refuseAuditRows(t.db, "CreateCategory");
    try {
      expectProblem(await api.createCategory({ name: "Never" }), 500, "internal_error");
    } finally {
      await lift();
    }
    expect(await countRows(t.db, "categories")).toBe(before);
  });

  it("GET /audit pages a product's trail, newest first", async () => {
    const product = await api.product();
    for (const amount of ["11.00", "12.00", "13.00"]) {
      expect((await api.changePrice(product.id, { price: eur(amount) })).statusCode).toBe(200);
    }
    const { pages, items } = await auditPages(t.app, product.id, 2);
    expect(pages).toBe(2);
    expect(items.map((i) => i.command)).toEqual([
      "ChangeProductPrice",
      "ChangeProductPrice",
      "ChangeProductPrice",
      "CreateProduct",
    ]);
    expect(items.map((i) => (i.payload.price as { amount?: string } | undefined)?.amount)).toEqual([
      "13.00",
      "12.00",
      "11.00",
      undefined,
    ]);
  });

  it("GET /audit is for admin only", async () => {
    await expectAuditAdminOnly(t.app, newUuid(), [Roles.CATALOG_READ, Roles.CATALOG_WRITE]);
  });
});
