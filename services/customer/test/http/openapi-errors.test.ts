import { expectErrorResponsesDeclared } from "@ecommerce/test-support";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCustomerTestApp } from "../support/customer-test-app.ts";

let t: Awaited<ReturnType<typeof createCustomerTestApp>>;
beforeAll(async () => {
  t = await createCustomerTestApp();
});
afterAll(() => t.close());

it("the OpenAPI document declares every error as problem+json, and If-Match only where it is honoured", async () => {
  const document = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
  const checked = expectErrorResponsesDeclared(document);
  expect(checked).toEqual(
    expect.arrayContaining(["POST /customers", "PATCH /customers/{id}", "POST /customers/{id}/deactivate"]),
  );
  const operations = document.paths as Record<string, Record<string, { parameters?: { name: string }[] }>>;
  for (const where of ["PATCH /customers/{id}", "POST /customers/{id}/deactivate"]) {
    const [method, path] = where.split(" ") as [string, string];
    const names = operations[path]?.[method.toLowerCase()]?.parameters?.map((p) => p.name);
    expect(names, where).toContain("if-match");
  }
});
