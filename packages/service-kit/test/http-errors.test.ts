import { request as httpRequest } from "node:http";
import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApplicationError,
  Command,
  KitErrors,
  loggingBehaviour,
  Mediator,
  type ServiceApp,
  StaleVersion,
} from "../src/index.ts";
import { captureLogs } from "./support/log-capture.ts";
import { createTestService } from "./support/test-service.ts";

const PROBLEM_JSON = /^application\/problem\+json/;
const ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

const CancelBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);
const AdjustBody = Type.Object(
  {
    delta: Type.Integer({ minimum: -100, maximum: 100, not: { const: 0 } }),
    sku: Type.Optional(Type.String({ pattern: "^[A-Z]+$" })),
    tags: Type.Optional(Type.Array(Type.String(), { maxItems: 2 })),
    kind: Type.Optional(Type.Union([Type.Literal("restock"), Type.Literal("count")])),
  },
  { additionalProperties: false },
);

class Fail extends Command<void> {
  constructor(readonly error: Error) {
    super();
  }
}

/** What a failing dependency throws: a `code`, but no client's mistake. */
function infrastructureFailure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("HTTP errors a client can act on", () => {
  const logs = captureLogs("errors");
  let app: ServiceApp;
  let split: ServiceApp;

  beforeAll(async () => {
    const mediator = new Mediator().use(loggingBehaviour(logs.logger)).register(Fail, {
      handle: async (command) => {
        throw command.error;
      },
    });
    app = await createTestService({
      name: "errors",
      version: "1.0.0",
      environment: "test",
      logger: logs.logger,
      bodyLimitBytes: 1024,
    });
    const params = Type.Object({ id: Type.String({ format: "uuid" }) });
    app.get("/orders/:id", { schema: { params } }, async (request) => ({ id: request.params.id }));
    app.delete("/orders/:id", { schema: { params } }, async () => ({}));
    app.post("/orders/:id/cancel", { schema: { params, body: CancelBody } }, async () => ({ ok: true }));
    app.post("/stock", { schema: { body: AdjustBody } }, async () => ({ ok: true }));
    app.get("/fail/:what", async (request) => {
      const what = (request.params as { what: string }).what;
      if (what === "prisma") {
        return mediator.send(new Fail(infrastructureFailure("P2024", "Timed out fetching a new connection")));
      }
      if (what === "refused") {
        return mediator.send(
          new Fail(infrastructureFailure("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.7")),
        );
      }
      if (what === "status") throw Object.assign(new Error("upstream said 404"), { statusCode: 404 });
      if (what === "cursor") {
        return mediator.send(
          new Fail(new ApplicationError(KitErrors.INVALID_CURSOR, "bad cursor", "malformed")),
        );
      }
      return mediator.send(new Fail(new StaleVersion(2, 3)));
    });
    await app.ready();

    split = await createTestService({
      name: "reader",
      version: "1.0.0",
      environment: "test",
      logger: false,
      methodNotAllowed: false,
    });
    split.get("/orders", async () => []);
    await split.ready();
  });
  afterAll(() => Promise.all([app.close(), split.close()]));

  describe("a known path with the wrong method", () => {
    it("answers 405 with Allow naming the methods it takes", async () => {
      const response = await app.inject({ method: "PUT", url: `/orders/${ID}` });
      expect(response.statusCode).toBe(405);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.headers.allow).toBe("DELETE, GET, HEAD");
      expect(response.json()).toMatchObject({
        status: 405,
        code: "method_not_allowed",
        title: "Method Not Allowed",
      });
    });

    it("still answers 404 for a path no route has", async () => {
      const response = await app.inject({ method: "PUT", url: `/orders/${ID}/ship` });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: "route_not_found" });
    });

    it("answers 404 on an instance that serves part of the API (its sibling may take the method)", async () => {
      const response = await split.inject({ method: "POST", url: "/orders" });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: "route_not_found" });
    });
  });

  describe("bodies", () => {
    it("a missing body names what is required", async () => {
      const response = await app.inject({ method: "POST", url: `/orders/${ID}/cancel` });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: "validation_failed",
        errors: [{ field: "body", message: "is required: a JSON object with reason" }],
      });
    });

    it("an empty JSON body names what is required too, with the project's code", async () => {
      const response = await app.inject({
        method: "POST",
        url: `/orders/${ID}/cancel`,
        headers: { "content-type": "application/json" },
        payload: "",
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: "ctp_empty_json_body",
        detail: expect.stringContaining("reason"),
      });
    });

    it.each([
      ["invalid JSON", { "content-type": "application/json" }, "{", 400, "ctp_invalid_json_body"],
      ["no content type", {}, "reason=x", 415, "ctp_invalid_media_type"],
      ["XML", { "content-type": "application/xml" }, "<x/>", 415, "ctp_invalid_media_type"],
      [
        "a body over the limit",
        { "content-type": "application/json" },
        `"${"x".repeat(2000)}"`,
        413,
        "ctp_body_too_large",
      ],
    ])("%s → %s, with a detail that says what to send", async (_what, headers, payload, status, code) => {
      const response = await app.inject({ method: "POST", url: `/orders/${ID}/cancel`, headers, payload });
      expect(response.statusCode).toBe(status);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      const body = response.json();
      expect(body.code).toBe(code);
      expect(body.detail).not.toMatch(/^Body|FST_/);
    });

    it("the body limit is named in the 413", async () => {
      const response = await app.inject({
        method: "POST",
        url: "/stock",
        headers: { "content-type": "application/json" },
        payload: `{"delta": 1, "sku": "${"A".repeat(2000)}"}`,
      });
      expect(response.json().detail).toBe("the body is larger than the limit of 1024 bytes");
    });
  });

  describe("schema messages read as sentences", () => {
    it.each([
      [{ delta: 0 }, "body.delta", "must not be 0"],
      [{ delta: 101 }, "body.delta", "must be at most 100"],
      [{ delta: "1" }, "body.delta", "must be a whole number"],
      [{ delta: 1, sku: "abc" }, "body.sku", "must match the pattern ^[A-Z]+$"],
      [{ delta: 1, tags: ["a", "b", "c"] }, "body.tags", "must hold at most 2 items"],
      [{}, "body.delta", "is required"],
    ])("%j → %s %s", async (payload, field, message) => {
      const response = await app.inject({ method: "POST", url: "/stock", payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toContainEqual({ field, message });
      expect(response.json().detail).toContain(`${field} ${message}`);
    });

    it("an empty required text says it must not be empty", async () => {
      const response = await app.inject({
        method: "POST",
        url: `/orders/${ID}/cancel`,
        payload: { reason: "" },
      });
      expect(response.json().errors).toEqual([{ field: "body.reason", message: "must not be empty" }]);
    });
  });

  describe("Fastify's early errors go through the problem handler", () => {
    it("a malformed percent-encoding in the path → 400 bad_url problem+json", async () => {
      const response = await app.inject({ method: "GET", url: "/orders/%ff" });
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({ status: 400, code: "bad_url" });
    });

    it("a path parameter over the maximum length → 414 problem+json", async () => {
      const response = await app.inject({ method: "GET", url: `/orders/${"a".repeat(500)}` });
      expect(response.statusCode).toBe(414);
      expect(response.headers["content-type"]).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({
        status: 414,
        code: "path_parameter_too_long",
        title: "URI Too Long",
      });
    });

    it("headers over the server's limit → 431 problem+json, over real HTTP", async () => {
      const address = await app.listen({ port: 0, host: "127.0.0.1" });
      try {
        const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>(
          (resolve, reject) => {
            const req = httpRequest(
              `${address}/orders/${ID}`,
              { headers: { "x-big": "y".repeat(20_000) } },
              (res) => {
                let text = "";
                res.on("data", (chunk) => {
                  text += chunk;
                });
                res.on("end", () =>
                  resolve({
                    status: res.statusCode ?? 0,
                    type: String(res.headers["content-type"]),
                    body: text,
                  }),
                );
              },
            );
            req.on("error", reject);
            req.end();
          },
        );
        expect(status).toBe(431);
        expect(type).toMatch(PROBLEM_JSON);
        expect(JSON.parse(body)).toMatchObject({ status: 431, code: "headers_too_large" });
      } finally {
        app.server.closeAllConnections();
      }
    });
  });

  describe("a long URL is never echoed back", () => {
    it("omits `instance` and cuts the detail short", async () => {
      const path = `/${"x".repeat(5000)}`;
      const response = await app.inject({ method: "GET", url: `${path}?q=${"y".repeat(3000)}` });
      expect(response.statusCode).toBe(404);
      const body = response.json();
      expect(body.instance).toBeUndefined();
      expect(response.body.length).toBeLessThan(1000);
    });

    it("keeps `instance` for an ordinary URL", async () => {
      const response = await app.inject({ method: "PUT", url: `/orders/${ID}` });
      expect(response.json().instance).toBe(`/orders/${ID}`);
    });
  });

  describe("refusals and failures", () => {
    it("an application error answers the status its kind stands for (malformed → 400, stale → 412)", async () => {
      expect((await app.inject({ method: "GET", url: "/fail/cursor" })).json()).toMatchObject({
        status: 400,
        code: "invalid_cursor",
      });
      expect((await app.inject({ method: "GET", url: "/fail/stale" })).json()).toMatchObject({
        status: 412,
        code: "precondition_failed",
        currentVersion: 3,
      });
    });

    it.each([
      ["prisma", "P2024"],
      ["refused", "ECONNREFUSED"],
    ])(
      "an infrastructure failure with a code (%s) is a 500 logged as an error, not a client's mistake",
      async (what, code) => {
        const response = await app.inject({
          method: "GET",
          url: `/fail/${what}`,
          headers: { "x-request-id": `f-${what}` },
        });
        expect(response.statusCode).toBe(500);
        expect(response.json()).toMatchObject({ code: "internal_error" });
        expect(response.body).not.toContain(code);
        const entries = logs.entries().filter((e) => (e.err as { code?: string } | undefined)?.code === code);
        expect(entries.map((e) => [e.msg, e.level])).toEqual([
          ["failed", 50],
          ["unhandled error", 50],
        ]);
      },
    );

    it("an error that is not Fastify's, with a 4xx statusCode, is still a 500", async () => {
      const response = await app.inject({ method: "GET", url: "/fail/status" });
      expect(response.statusCode).toBe(500);
    });
  });
});
