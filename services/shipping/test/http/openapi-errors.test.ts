import { expectErrorResponsesDeclared } from "@ecommerce/test-support";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createShippingTestApp, type ShippingTestApp } from "../support/shipping-test-app.ts";

let t: ShippingTestApp;
beforeAll(async () => {
  t = await createShippingTestApp();
});
afterAll(() => t.close());

it("the OpenAPI document declares every error as problem+json, and If-Match on the commands", async () => {
  const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
  const checked = expectErrorResponsesDeclared(document);
  const commands = ["POST /shipments/{id}/dispatch", "POST /shipments/{id}/deliver"];
  expect(checked).toEqual(
    expect.arrayContaining([
      ...commands,
      "GET /shipments/{id}",
      "GET /shipments",
      "GET /shipments/tracking/{trackingNumber}",
    ]),
  );
  const operations = document.paths as Record<string, Record<string, { parameters?: { name: string }[] }>>;
  for (const where of commands) {
    const [method, path] = where.split(" ") as [string, string];
    const names = operations[path]?.[method.toLowerCase()]?.parameters?.map((p) => p.name);
    expect(names, where).toEqual(expect.arrayContaining(["if-match", "idempotency-key"]));
  }
});
