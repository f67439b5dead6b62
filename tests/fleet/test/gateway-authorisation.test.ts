// Authentication and authorisation through the gateway, on the real services: every operation of
// the aggregated document is checked with no token, every broken token and an admin's (generated
// from the document, which carries each route's declaration); a customer reading another
// customer's order gets 404 from the service behind the gateway, as if it did not exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./fleet-harness.ts";
import { type GatewayFleet, startGatewayFleet } from "./gateway-fleet.ts";

const EXAMPLE_ID = "00000000-0000-4000-8000-000000000000";

let fleet: GatewayFleet;
beforeAll(async () => {
  fleet = await startGatewayFleet();
});
afterAll(async () => fleet?.fleet.stop());

async function created(path: string, body: unknown, token = fleet.admin): Promise<{ id: string }> {
  const res = await fleet.call(path, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

describe("authorisation through the gateway", () => {
  it("refuses every protected operation without a valid token, and lets an admin through", async () => {
    const document = (await (await fleet.call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    const broken = await fleet.issuer.brokenTokens({ sub: "matrix", roles: ["admin"] });
    const failures: string[] = [];
    let operations = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        const path = template.replace(/\{[^}]+\}/g, EXAMPLE_ID);
        const anonymous = (operation.security ?? []).some((s) => Object.keys(s).length === 0);
        const withBody = ["post", "put", "patch"].includes(method);
        const send = async (authorization: string) => {
          const res = await fleet.call(path, {
            method: method.toUpperCase(),
            headers: { authorization, ...(withBody ? { "content-type": "application/json" } : {}) },
            ...(withBody ? { body: "{}" } : {}),
          });
          await res.arrayBuffer();
          return res.status;
        };
        const cell = (what: string, status: number, ok: boolean) => {
          if (!ok) failures.push(`${method.toUpperCase()} ${template} — ${what}: ${status}`);
        };
        const none = await send("");
        cell("no token", none, anonymous ? none !== 401 && none !== 403 : none === 401);
        for (const [name, token] of Object.entries(broken)) {
          const status = await send(`Bearer ${token}`);
          cell(`${name} token`, status, status === 401);
        }
        const admin = await send(`Bearer ${fleet.admin}`);
        cell("admin", admin, admin !== 401 && admin !== 403 && admin < 500);
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it("answers a customer reading another customer's order 404, and the owner 200", async () => {
    const register = (email: string) =>
      created("/api/customers", {
        email,
        name: email.split("@")[0],
        address: { line1: "1 Main Street", city: "Utrecht", postalCode: "3511 AA", country: "NL" },
      });
    const [ada, grace] = [await register("ada.gw@example.com"), await register("grace.gw@example.com")];
    const category = await created("/api/categories", { name: "Gateway authorisation" });
    const product = await created("/api/products", {
      sku: "GW-AUTH-1",
      name: "Mug",
      description: "A mug",
      price: { amount: "5.00", currency: "EUR" },
      categoryId: category.id,
      initialStock: 10,
    });
    const adaToken = await fleet.issuer.tokenFor({ sub: ada.id, roles: ["customer"] });
    const graceToken = await fleet.issuer.tokenFor({ sub: grace.id, roles: ["customer"] });
    // Ordering learns of the customer and the product from their events: place once it has.
    const order = await eventually("ordering to know the buyer and the product", async () => {
      try {
        return await created(
          "/api/orders",
          { customerId: ada.id, lines: [{ productId: product.id, quantity: 1 }] },
          adaToken,
        );
      } catch {
        return undefined;
      }
    });
    const as = (token: string) =>
      fleet.call(`/api/orders/${order.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await as(adaToken)).status).toBe(200);
    const other = await as(graceToken);
    expect(other.status).toBe(404);
    expect(other.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const missing = await fleet.call(`/api/orders/${EXAMPLE_ID}`, {
      headers: { authorization: `Bearer ${graceToken}` },
    });
    expect(((await other.json()) as { code: string }).code).toBe(
      ((await missing.json()) as { code: string }).code,
    );
  });
});
