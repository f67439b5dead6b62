import { afterEach, describe, expect, it } from "vitest";
import { redactQuery, type ServiceApp } from "../src/index.ts";
import { captureLogs } from "./support/log-capture.ts";
import { adminToken, createTestService } from "./support/test-service.ts";

const TOKEN = `Bearer ${await adminToken()}`;
const EMAIL = "ada.lovelace@example.com";

describe("logging", () => {
  let app: ServiceApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("writes one line per request with the request id, and never the Authorization header or an email", async () => {
    const logs = captureLogs("ordering");
    app = await createTestService({ name: "ordering", version: "1.0.0", logger: logs.logger });
    app.post("/customers", async (request) => {
      const body = request.body as Record<string, unknown>;
      // What careless code logs: the headers, the body, a nested object, a field at the top.
      request.log.info(
        { headers: request.headers, customer: body, email: body.email },
        "registering customer",
      );
      request.log.info({ req: { method: request.method, headers: request.headers } }, "raw request");
      return { ok: true };
    });
    const response = await app.inject({
      method: "POST",
      url: "/customers",
      headers: { authorization: TOKEN, "x-request-id": "req-42", cookie: "session=abc123" },
      payload: { name: "Ada", email: EMAIL, password: "hunter2-pass" },
    });
    expect(response.statusCode).toBe(200);

    const entries = logs.entries();
    const mine = entries.find((e) => e.msg === "registering customer");
    expect(mine).toMatchObject({
      service: "ordering",
      reqId: "req-42",
      headers: { authorization: "[redacted]", cookie: "[redacted]" },
      customer: { name: "Ada", email: "[redacted]", password: "[redacted]" },
      email: "[redacted]",
    });
    expect(entries.find((e) => e.msg === "incoming request")).toMatchObject({ reqId: "req-42" });
    expect(entries.find((e) => e.msg === "request completed")).toMatchObject({
      reqId: "req-42",
      res: { statusCode: 200 },
    });
    const text = logs.text();
    expect(text).not.toContain(TOKEN.slice("Bearer ".length));
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain("hunter2-pass");
    expect(text).not.toContain("abc123");
  });

  it("redacts personal data wherever a command's payload is logged", async () => {
    const logs = captureLogs("customer");
    logs.logger.info(
      {
        command: { name: "ChangeAddress", payload: { email: EMAIL, address: { line1: "12 Main St" } } },
        shippingAddress: { line1: "12 Main St", postalCode: "1000" },
        token: "tok-123456",
      },
      "handled",
    );
    const [entry] = logs.entries();
    expect(entry).toMatchObject({
      command: { name: "ChangeAddress", payload: { email: "[redacted]", address: "[redacted]" } },
      shippingAddress: "[redacted]",
      token: "[redacted]",
    });
    expect(logs.text()).not.toMatch(/12 Main St|tok-123456|ada\.lovelace/);
  });
});

describe("request logs", () => {
  it("never carry query values, which may be personal data", async () => {
    const logs = captureLogs("customer");
    const app = await createTestService({ name: "customer", version: "1.0.0", logger: logs.logger });
    app.get("/customers", async () => ({ items: [] }));
    await app.inject({ method: "GET", url: `/customers?email=${encodeURIComponent(EMAIL)}` });
    await app.close();
    expect(logs.text()).toContain("/customers?email=[redacted]");
    expect(logs.text()).not.toContain("ada.lovelace");
  });

  it("keep query parameter names but never their values", () => {
    expect(redactQuery("/customers?email=ada%40example.com&limit=5")).toBe(
      "/customers?email=[redacted]&limit=[redacted]",
    );
    expect(redactQuery("/orders/1")).toBe("/orders/1");
  });
});
