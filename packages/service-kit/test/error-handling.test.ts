import { DomainError } from "@ecommerce/domain-kernel";
import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Command,
  ConcurrencyConflict,
  currentContext,
  HttpProblem,
  Mediator,
  NotFoundProblem,
  PreconditionFailedProblem,
  type ServiceApp,
} from "../src/index.ts";
import { captureLogs } from "./support/log-capture.ts";
import { createTestService } from "./support/test-service.ts";

const PROBLEM_JSON = /^application\/problem\+json/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CUSTOMER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

const PlaceOrderBody = Type.Object(
  {
    customerId: Type.String({ format: "uuid" }),
    quantity: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

class WhoAmI extends Command<{ correlationId: string; requestId: string | undefined }> {}

describe("createService: errors as problem+json", () => {
  const logs = captureLogs("ordering");
  let app: ServiceApp;
  let placed = 0;

  beforeAll(async () => {
    const mediator = new Mediator().register(WhoAmI, {
      handle: async (_command, context) => ({
        correlationId: context.correlationId,
        requestId: context.requestId,
      }),
    });
    app = await createTestService({
      name: "ordering",
      version: "1.2.3",
      logger: logs.logger,
      bodyLimitBytes: 2048,
    });
    app.post("/orders", { schema: { body: PlaceOrderBody } }, async (request, reply) => {
      placed++;
      return reply.code(201).send({ customerId: request.body.customerId, quantity: request.body.quantity });
    });
    app.get(
      "/orders",
      {
        schema: {
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        },
      },
      async (request) => ({ limit: request.query.limit, type: typeof request.query.limit }),
    );
    app.get(
      "/orders/:id",
      { schema: { params: Type.Object({ id: Type.String({ format: "uuid" }) }) } },
      async () => {
        throw new NotFoundProblem("order", "x");
      },
    );
    app.post("/domain/:kind", async (request) => {
      const kind = (request.params as { kind: string }).kind;
      if (kind === "invalid")
        throw new DomainError("quantity_not_positive", "quantity must be > 0", "invalid");
      if (kind === "illegal-state") {
        // Details named like a standard member must not overwrite it.
        throw new DomainError("order_not_pending", "only a Pending order can be confirmed", "illegal-state", {
          orderId: "o-7",
          status: "Shipped",
          type: "order",
        });
      }
      if (kind === "conflict") throw new DomainError("sku_taken", "SKU already exists", "conflict");
      throw new DomainError("product_unknown", "no such product", "not-found");
    });
    app.post("/problems/:which", async (request) => {
      const which = (request.params as { which: string }).which;
      if (which === "teapot")
        throw new HttpProblem(429, "rate_limited", "slow down", { retryAfterSeconds: 7 });
      if (which === "stale") throw new PreconditionFailedProblem(3, 5);
      throw new ConcurrencyConflict("order", "o-1", 4);
    });
    app.get("/boom", async () => {
      throw new Error("connect ECONNREFUSED postgres://app:hunter2@10.0.0.7/ordering");
    });
    app.get("/context", async () => ({ context: currentContext() ?? null }));
    app.post("/context", async () => ({ context: currentContext() ?? null }));
    app.post("/who-am-i", async () => mediator.send(new WhoAmI()));
    await app.ready();
  });
  afterAll(() => app.close());

  describe("schema validation → 400 with field errors", () => {
    it("accepts a valid body", async () => {
      const before = placed;
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId: CUSTOMER, quantity: 2 },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ customerId: CUSTOMER, quantity: 2 });
      expect(placed).toBe(before + 1);
    });

    it("names a missing field", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId: CUSTOMER },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      const body = response.json();
      expect(body).toMatchObject({
        status: 400,
        code: "validation_failed",
        title: "Bad Request",
        instance: "/orders",
      });
      expect(body.type).toMatch(/^https:\/\//);
      expect(body.errors).toEqual([{ field: "body.quantity", message: expect.stringContaining("required") }]);
      expect(body.detail).toContain("body.quantity");
    });

    it("takes only a bare UUID where the schema says uuid (no urn:uuid: prefix)", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId: `urn:uuid:${CUSTOMER}`, quantity: 2 },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: "body.customerId", message: expect.stringContaining("uuid") },
      ]);
    });

    it("refuses half a surrogate pair in any string of a body (no UTF-8 store can hold it)", async () => {
      const before = placed;
      for (const [payload, field] of [
        [`{"customerId": "${CUSTOMER}\\ud800", "quantity": 2}`, "body.customerId"],
        [`{"customerId": "${CUSTOMER}", "quantity": 2, "notes": {"a/b": ["\\udc00"]}}`, "body.notes.a/b.0"],
      ] as const) {
        const response = await app.inject({
          method: "POST",
          url: "/orders",
          headers: { "content-type": "application/json" },
          payload,
        });
        expect(response.statusCode, payload).toBe(400);
        expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
        expect(response.json().errors, payload).toContainEqual({
          field,
          message: expect.stringContaining("surrogate"),
        });
      }
      expect(placed).toBe(before);
    });

    it("reports every bad field at once, and does not coerce a string into a number in a body", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId: "not-a-uuid", quantity: "2" },
      });
      expect(response.statusCode).toBe(400);
      const fields = (response.json().errors as { field: string; message: string }[])
        .map((e) => e.field)
        .sort();
      expect(fields).toEqual(["body.customerId", "body.quantity"]);
    });

    it("refuses a field the schema does not declare instead of silently dropping it", async () => {
      const before = placed;
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId: CUSTOMER, quantity: 1, isAdmin: true },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: "body.isAdmin", message: "is not allowed" }]);
      expect(placed).toBe(before);
    });

    it("converts query strings to their declared types and applies defaults", async () => {
      const five = await app.inject({ method: "GET", url: "/orders?limit=5" });
      expect(five.statusCode).toBe(200);
      expect(five.json()).toEqual({ limit: 5, type: "number" });
      expect((await app.inject({ method: "GET", url: "/orders" })).json()).toEqual({
        limit: 20,
        type: "number",
      });
    });

    it("refuses a query string value that is not of its type", async () => {
      for (const url of ["/orders?limit=abc", "/orders?limit=1000", "/orders?limit=2.5"]) {
        const response = await app.inject({ method: "GET", url });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().errors, url).toEqual([
          { field: "querystring.limit", message: expect.any(String) },
        ]);
      }
    });

    it("validates path parameters", async () => {
      const response = await app.inject({ method: "GET", url: "/orders/42" });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: "params.id", message: expect.stringContaining("uuid") },
      ]);
    });
  });

  describe("domain errors → status by kind, with the stable code", () => {
    it.each([
      ["invalid", 422, "quantity_not_positive", "Unprocessable Content"],
      ["illegal-state", 409, "order_not_pending", "Conflict"],
      ["conflict", 409, "sku_taken", "Conflict"],
      ["not-found", 404, "product_unknown", "Not Found"],
    ])("%s → %i %s", async (kind, status, code, title) => {
      const response = await app.inject({ method: "POST", url: `/domain/${kind}` });
      expect(response.statusCode).toBe(status);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({
        status,
        code,
        title,
        type: expect.stringContaining(code.replaceAll("_", "-")),
      });
    });

    it("keeps the domain error's message as detail and its details as members", async () => {
      const body = (await app.inject({ method: "POST", url: "/domain/illegal-state" })).json();
      expect(body).toMatchObject({
        detail: "only a Pending order can be confirmed",
        status: 409,
        type: "https://errors.ecommerce.example/order-not-pending",
        orderId: "o-7",
      });
    });
  });

  describe("HTTP problems keep their status", () => {
    it("an HttpProblem answers with its own status, code and extra members", async () => {
      const response = await app.inject({ method: "POST", url: "/problems/teapot" });
      expect(response.statusCode).toBe(429);
      expect(response.json()).toMatchObject({
        status: 429,
        code: "rate_limited",
        detail: "slow down",
        retryAfterSeconds: 7,
      });
    });

    it("NotFoundProblem → 404, PreconditionFailedProblem → 412 with the current version, ConcurrencyConflict → 409", async () => {
      const notFound = await app.inject({ method: "GET", url: `/orders/${CUSTOMER}` });
      expect(notFound.statusCode).toBe(404);
      expect(notFound.json()).toMatchObject({ code: "not_found" });
      const stale = await app.inject({ method: "POST", url: "/problems/stale" });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({
        code: "precondition_failed",
        currentVersion: 5,
        title: "Precondition Failed",
      });
      const conflict = await app.inject({ method: "POST", url: "/problems/conflict" });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json()).toMatchObject({ code: "concurrency_conflict" });
    });
  });

  describe("anything else → 500 without internals", () => {
    it("answers a generic 500 and logs the error with its stack", async () => {
      const response = await app.inject({
        method: "GET",
        url: "/boom",
        headers: { "x-request-id": "boom-1" },
      });
      expect(response.statusCode).toBe(500);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      const body = response.json();
      expect(body).toEqual({
        type: expect.any(String),
        title: "Internal Server Error",
        status: 500,
        code: "internal_error",
        detail: "an unexpected error occurred",
        instance: "/boom",
        traceId: "boom-1",
      });
      expect(response.body).not.toMatch(/ECONNREFUSED|hunter2|stack|at .*\.ts/);

      const logged = logs.entries().find((e) => e.reqId === "boom-1" && e.msg === "unhandled error");
      expect(logged).toMatchObject({
        level: 50,
        err: {
          message: expect.stringContaining("ECONNREFUSED"),
          stack: expect.stringContaining("error-handling.test.ts"),
        },
      });
    });
  });

  describe("Fastify's own client errors keep their 4xx", () => {
    it("invalid JSON → 400", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "application/json" },
        payload: '{"customerId": ',
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({ status: 400, title: "Bad Request", code: expect.any(String) });
    });

    it("a content type the service does not read → 415", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        headers: { "content-type": "application/xml" },
        payload: "<order/>",
      });
      expect(response.statusCode).toBe(415);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({ status: 415, title: "Unsupported Media Type" });
    });

    it("a body over the limit → 413", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/orders",
        payload: { customerId: CUSTOMER, quantity: 1, note: "x".repeat(4096) },
      });
      expect(response.statusCode).toBe(413);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
    });

    it("an unknown route → 404 problem+json naming it", async () => {
      const response = await app.inject({ method: "DELETE", url: "/nowhere?x=1" });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({
        status: 404,
        code: "route_not_found",
        detail: "no route for DELETE /nowhere",
      });
    });
  });

  describe("request and correlation ids", () => {
    it("echoes the caller's ids", async () => {
      const response = await app.inject({
        method: "GET",
        url: "/context",
        headers: { "x-request-id": "req-abc.1", "x-correlation-id": "corr:xyz" },
      });
      expect(response.headers["x-request-id"]).toBe("req-abc.1");
      expect(response.headers["x-correlation-id"]).toBe("corr:xyz");
      expect(response.json().context).toMatchObject({ requestId: "req-abc.1", correlationId: "corr:xyz" });
    });

    it("generates a request id, and the correlation id starts as the request id", async () => {
      const response = await app.inject({ method: "GET", url: "/context" });
      const requestId = response.headers["x-request-id"];
      expect(requestId).toMatch(UUID);
      expect(response.headers["x-correlation-id"]).toBe(requestId);
    });

    it("replaces ids that are not safe to log or echo", async () => {
      const response = await app.inject({
        method: "GET",
        url: "/context",
        headers: { "x-request-id": "bad id\twith spaces", "x-correlation-id": "x".repeat(500) },
      });
      expect(response.headers["x-request-id"]).toMatch(UUID);
      expect(response.headers["x-correlation-id"]).toBe(response.headers["x-request-id"]);
    });

    it("puts the ids on error responses too, with the trace id", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/domain/invalid",
        headers: { "x-request-id": "r-9" },
      });
      expect(response.headers["x-request-id"]).toBe("r-9");
      expect(response.json().traceId).toBe("r-9");
    });

    it("makes the request's context reachable from a POST handler and from the mediator", async () => {
      const context = await app.inject({
        method: "POST",
        url: "/context",
        headers: { "x-correlation-id": "corr-post" },
        payload: { any: "body" },
      });
      expect(context.json().context).toMatchObject({ correlationId: "corr-post" });

      const viaMediator = await app.inject({
        method: "POST",
        url: "/who-am-i",
        headers: { "x-correlation-id": "corr-med", "x-request-id": "req-med" },
        payload: {},
      });
      expect(viaMediator.json()).toEqual({ correlationId: "corr-med", requestId: "req-med" });
    });
  });
});
