import { STAFF_ROLES } from "@ecommerce/service-kit";
import {
  authorisationMatrix,
  expectEveryRouteDeclared,
  expectProblem,
  type TestIssuer,
  testIssuer,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import { address, customersApi, newUuid, snapshot } from "../support/customers-api.ts";

let t: CustomerTestApp;
let issuer: TestIssuer;
let api: ReturnType<typeof customersApi>;
beforeAll(async () => {
  t = await createCustomerTestApp();
  issuer = await testIssuer();
  api = customersApi(t);
});
afterAll(() => t.close());

const as = async (sub: string, roles: string[]) => ({
  authorization: `Bearer ${await issuer.tokenFor({ sub, roles })}`,
});

describe("who may call customer", () => {
  it("every route declares who may call it", () => {
    expectEveryRouteDeclared(t.app);
  });

  it("holds the authorisation matrix generated from the route table", async () => {
    expect(await authorisationMatrix({ app: t.app, issuer, staffRoles: STAFF_ROLES })).toEqual([]);
  });

  it("a customer reads and changes only their own profile: another's answers 404 like a missing one", async () => {
    const ada = await api.registered();
    const grace = await api.registered();
    const asAda = await as(ada.id, ["customer"]);

    expect((await api.get(ada.id, asAda)).statusCode).toBe(200);
    expectProblem(await api.get(grace.id, asAda), 404, "customer.not_found");
    expectProblem(await api.get(newUuid(), asAda), 404, "customer.not_found");

    const before = await snapshot(t.db);
    expectProblem(
      await api.patch(grace.id, { name: "Not Grace" }, { ...asAda, "if-match": '"1"' }),
      404,
      "customer.not_found",
    );
    expectProblem(
      await api.addAddress(grace.id, address(), { ...asAda, "if-match": '"1"' }),
      404,
      "customer.not_found",
    );
    expectProblem(await api.deactivate(grace.id, { ...asAda, "if-match": '"1"' }), 404, "customer.not_found");
    expect(await snapshot(t.db)).toEqual(before);

    const renamed = await api.patch(ada.id, { name: "Ada L." }, { ...asAda, "if-match": `"${ada.version}"` });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it("the customer list (emails, addresses) is staff-only: customers.read", async () => {
    const ada = await api.registered();
    const list = async (headers: Record<string, string>) =>
      t.app.inject({ method: "GET", url: "/customers", headers });
    expectProblem(await list(await as(ada.id, ["customer"])), 403, "forbidden");
    expectProblem(await list(await as("clerk", ["orders.read"])), 403, "forbidden");
    expect((await list(await as("clerk", ["customers.read"]))).statusCode).toBe(200);
    expectProblem(
      await t.app.inject({ method: "GET", url: "/customers", headers: { authorization: undefined } }),
      401,
      "auth_required",
    );
  });
});
