import { describe, expect, it } from "vitest";
import { createTestService } from "./support/test-service.ts";

describe("an app that serves a document other than its own routes'", () => {
  it("serves it at /openapi.json and to the Swagger UI (/docs/json), asking for it on every read", async () => {
    let version = 0;
    const app = await createTestService({
      name: "edge",
      version: "0.0.0",
      environment: "test",
      logger: false,
      openApiDocument: async () => ({
        openapi: "3.1.0",
        info: { title: "aggregate", version: `${++version}` },
      }),
    });
    app.get("/own", { schema: { response: { 200: { type: "object" } } } }, async () => ({}));
    await app.ready();
    const served = await app.inject({ method: "GET", url: "/openapi.json" });
    expect(served.json()).toEqual({ openapi: "3.1.0", info: { title: "aggregate", version: "1" } });
    const ui = await app.inject({ method: "GET", url: "/docs/json" });
    expect(ui.json()).toMatchObject({ info: { title: "aggregate", version: "2" } });
    // The UI's own page is still served.
    expect((await app.inject({ method: "GET", url: "/docs/" })).statusCode).toBe(200);
    await app.close();
  });
});
