import {
  authorisationMatrix,
  expectEveryRouteDeclared,
  expectProblem,
  type TestIssuer,
  testIssuer,
} from "@ecommerce/test-support";
import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anonymous,
  createService,
  createTokenVerifier,
  currentContext,
  customerScope,
  ensureActsFor,
  ensureOwnedBy,
  NotFoundProblem,
  ownerOr,
  requires,
  type ServiceApp,
  STAFF_ROLES,
} from "../../src/index.ts";

const ADA = "11111111-1111-4111-8111-111111111111";
const GRACE = "22222222-2222-4222-8222-222222222222";
const ORDERS: Record<string, string> = { "o-ada": ADA, "o-grace": GRACE };

describe("auth plugin (every service's routes)", () => {
  let issuer: TestIssuer;
  let app: ServiceApp;
  const bearer = async (sub: string, roles: string[]) => `Bearer ${await issuer.tokenFor({ sub, roles })}`;
  const get = async (url: string, authorization?: string) =>
    app.inject({ method: "GET", url, headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    issuer = await testIssuer();
    app = await createService({
      name: "probe",
      version: "1.0.0",
      logger: false,
      auth: createTokenVerifier(issuer.verifierOptions),
    });
    app.get("/products", { config: { auth: anonymous() }, schema: { summary: "open" } }, async (request) => ({
      who: request.access?.principal?.subject ?? null,
    }));
    app.get("/orders", { config: { auth: ownerOr("orders.read") } }, async (request) => ({
      orders: Object.keys(ORDERS).filter((id) => [undefined, ORDERS[id]].includes(customerScope(request))),
    }));
    app.get(
      "/orders/:id",
      { config: { auth: ownerOr("orders.read") }, schema: { params: Type.Object({ id: Type.String() }) } },
      async (request) => {
        const owner = ORDERS[request.params.id];
        const missing = () => new NotFoundProblem("order", request.params.id);
        if (!owner) throw missing();
        ensureOwnedBy(request, owner, missing);
        return { id: request.params.id, actor: currentContext()?.actor ?? null };
      },
    );
    app.post(
      "/orders",
      {
        config: { auth: ownerOr("orders.write") },
        schema: { body: Type.Object({ customerId: Type.String() }) },
      },
      async (request, reply) => {
        ensureActsFor(request, request.body.customerId);
        return reply.code(201).send({ placed: true });
      },
    );
    app.get("/customers", { config: { auth: requires("customers.read") } }, async () => ({ customers: [] }));
    app.get("/undeclared", async () => ({ secret: true }));
    await app.ready();
  });
  afterAll(async () => app.close());

  it("answers 401 auth_required with a Bearer challenge when no token is sent", async () => {
    const response = await get("/customers");
    expectProblem(response, 401, "auth_required");
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="probe"');
  });

  it("answers 401 with the reason in the code and in WWW-Authenticate for a refused token", async () => {
    const expired = await get(
      "/customers",
      `Bearer ${await issuer.expiredToken({ sub: "s", roles: ["admin"] })}`,
    );
    expectProblem(expired, 401, "token_expired");
    expect(expired.headers["www-authenticate"]).toMatch(
      /^Bearer realm="probe", error="invalid_token", error_description="the token has expired"$/,
    );
    expectProblem(await get("/customers", "Basic YWRtaW46YWRtaW4="), 401, "token_invalid");
    expectProblem(await get("/customers", "Bearer"), 401, "token_invalid");
  });

  it("answers 403 forbidden, naming the roles, to a valid token without them", async () => {
    const response = await get("/customers", await bearer("clerk", ["orders.read", "orders.write"]));
    expectProblem(response, 403, "forbidden");
    expect(response.headers["www-authenticate"]).toBe(
      'Bearer realm="probe", error="insufficient_scope", scope="customers.read"',
    );
  });

  it("lets the role, or admin, through", async () => {
    expect((await get("/customers", await bearer("clerk", ["customers.read"]))).statusCode).toBe(200);
    expect((await get("/customers", await bearer("boss", ["admin"]))).statusCode).toBe(200);
  });

  it("anonymous routes take no token, but refuse a bad one", async () => {
    expect((await get("/products")).json()).toEqual({ who: null });
    expect((await get("/products", await bearer("ada", []))).json()).toEqual({ who: "ada" });
    expectProblem(
      await get("/products", `Bearer ${await issuer.tamperedToken({ sub: "x", roles: [] })}`),
      401,
      "token_invalid",
    );
  });

  it("an undeclared route is admin-only", async () => {
    expectProblem(await get("/undeclared", await bearer("clerk", ["orders.read"])), 403, "forbidden");
    expect((await get("/undeclared", await bearer("boss", ["admin"]))).statusCode).toBe(200);
  });

  it("a customer reaches only their own: another's order answers 404, a staff-only route 403", async () => {
    const ada = await bearer(ADA, ["customer"]);
    expect((await get("/orders/o-ada", ada)).statusCode).toBe(200);
    expectProblem(await get("/orders/o-grace", ada), 404, "not_found");
    expectProblem(await get("/orders/o-nobody", ada), 404, "not_found");
    expect((await get("/orders", ada)).json()).toEqual({ orders: ["o-ada"] });
    expect((await get("/orders", await bearer("clerk", ["orders.read"]))).json()).toEqual({
      orders: ["o-ada", "o-grace"],
    });
    expectProblem(await get("/customers", ada), 403, "forbidden");
    const forOther = await app.inject({
      method: "POST",
      url: "/orders",
      headers: { authorization: ada },
      payload: { customerId: GRACE },
    });
    expectProblem(forOther, 403, "forbidden");
    const forSelf = await app.inject({
      method: "POST",
      url: "/orders",
      headers: { authorization: ada },
      payload: { customerId: ADA },
    });
    expect(forSelf.statusCode).toBe(201);
  });

  it("puts the principal into the request context as the actor (the mediator, audit and idempotency read it)", async () => {
    const response = await get("/orders/o-ada", await bearer("clerk", ["orders.read"]));
    expect(response.json().actor).toEqual({ id: "clerk", roles: ["orders.read"] });
  });

  it("refuses before reading the body: a POST without a token and with invalid JSON is a 401", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/orders",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    expectProblem(response, 401, "auth_required");
  });

  it("declares the bearer scheme, each route's security and its 401/403 in the OpenAPI document", async () => {
    const doc = (await get("/openapi.json")).json();
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
    });
    expect(doc.paths["/customers"].get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths["/customers"].get.responses)).toEqual(
      expect.arrayContaining(["401", "403"]),
    );
    expect(doc.paths["/products"].get.security).toEqual([{}, { bearer: [] }]);
    expect(doc.paths["/products"].get.responses["403"]).toBeUndefined();
    expect(doc.paths["/customers"].get.description).toMatch(/customers\.read/);
  });

  it("health and the documents declare themselves anonymous; the check flags an undeclared route", async () => {
    expect((await get("/health/live")).statusCode).toBe(200);
    expect((await get("/openapi.json")).statusCode).toBe(200);
    const undeclared = app.routeAccess
      .filter((r) => r.access === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual(["GET /undeclared", "HEAD /undeclared"]);
    expect(() => expectEveryRouteDeclared(app)).toThrow(/GET \/undeclared/);
  });

  it("holds the authorisation matrix generated from the route table", async () => {
    const failures = await authorisationMatrix({
      app,
      issuer,
      staffRoles: STAFF_ROLES,
      skip: ["GET /undeclared"],
    });
    expect(failures).toEqual([]);
  });
});
