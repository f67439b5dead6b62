import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayUnderTest, gatewayUnderTest } from "./support/gateway-under-test.ts";

const problem = { type: "object", required: ["type", "status"], properties: { type: { type: "string" } } };

/** Each fake service serves a small document of its own, as the kit's /openapi.json does. */
function documentOf(context: string) {
  const resource = {
    catalog: "products",
    ordering: "orders",
    customer: "customers",
    billing: "invoices",
    shipping: "shipments",
  }[context] as string;
  return {
    openapi: "3.1.0",
    info: { title: context, version: "1" },
    components: { schemas: { Thing: { type: "object", properties: { id: { type: "string" } } } } },
    paths: {
      [`/${resource}/{id}`]: {
        get: {
          operationId: "getThing",
          responses: {
            200: {
              description: "ok",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
            },
            404: { description: "no", content: { "application/problem+json": { schema: problem } } },
          },
        },
      },
      ...(context === "catalog"
        ? { "/categories": { post: { responses: { 201: { description: "made" } } } } }
        : {}),
      "/audit": { get: { responses: { 200: { description: "internal" } } } },
    },
  };
}

let gateway: GatewayUnderTest;
// biome-ignore lint/suspicious/noExplicitAny: a JSON document, read only by the assertions below
type Json = Record<string, any>;
let document: Json;
beforeAll(async () => {
  gateway = await gatewayUnderTest({
    respond: (context, app) => app.get("/openapi.json", async () => documentOf(context)),
  });
  document = (await (await gateway.fetch(`/openapi.json`)).json()) as Json;
});
afterAll(async () => gateway?.close());

describe("the aggregated OpenAPI document", () => {
  it("holds every service's public operations under /api, and nothing internal", () => {
    expect(Object.keys(document.paths)).toEqual([
      "/api/categories",
      "/api/customers/{id}",
      "/api/invoices/{id}",
      "/api/orders/{id}",
      "/api/products/{id}",
      "/api/shipments/{id}",
    ]);
  });

  it("keeps each service's schemas apart and its references pointing at them", () => {
    expect(Object.keys(document.components.schemas)).toContain("catalog.Thing");
    expect(Object.keys(document.components.schemas)).toContain("ordering.Thing");
    const ok = document.paths["/api/orders/{id}"].get.responses["200"];
    expect(ok.content["application/json"].schema.$ref).toBe("#/components/schemas/ordering.Thing");
    expect(document.paths["/api/orders/{id}"].get.operationId).toBe("ordering.getThing");
  });

  it("declares the bearer scheme; anonymous only for catalogue reads", () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
    });
    expect(document.paths["/api/products/{id}"].get.security).toEqual([{}, { bearer: [] }]);
    expect(document.paths["/api/categories"].post.security).toEqual([{ bearer: [] }]);
    expect(document.paths["/api/orders/{id}"].get.security).toEqual([{ bearer: [] }]);
  });

  it("adds what the gateway itself may answer: 429 with Retry-After, 502, 503, 504 as problem+json", () => {
    const responses = document.paths["/api/invoices/{id}"].get.responses;
    for (const status of ["429", "502", "503", "504"]) {
      expect(Object.keys(responses[status].content), status).toEqual(["application/problem+json"]);
    }
    expect(responses["429"].headers["Retry-After"]).toBeDefined();
    expect(responses["404"].content["application/problem+json"].schema).toEqual(problem);
  });

  it("is what the Swagger UI shows", async () => {
    const ui = await (await gateway.fetch(`/docs/json`)).json();
    expect(ui).toEqual(document);
  });
});

describe("with a service down", () => {
  it("names it and leaves its operations out, then completes once it answers", async () => {
    let billingUp = false;
    const partial = await gatewayUnderTest({
      respond: (context, app) =>
        app.get("/openapi.json", async (_request, reply) =>
          context === "billing" && !billingUp ? reply.code(503).send() : documentOf(context),
        ),
    });
    try {
      const doc = (await (await partial.fetch(`/openapi.json`)).json()) as Json;
      expect(Object.keys(doc.paths)).not.toContain("/api/invoices/{id}");
      expect(doc.info.description).toContain("missing: billing");
      billingUp = true;
      const complete = (await (await partial.fetch(`/openapi.json`)).json()) as Json;
      expect(Object.keys(complete.paths)).toContain("/api/invoices/{id}");
      expect(complete.info.description).not.toContain("missing");
    } finally {
      await partial.close();
    }
  });
});
