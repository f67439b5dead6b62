// Hostile input through the gateway, to the real services: every request is refused with a 4xx
// problem+json, nothing is written in any service's database, and every service is still ready after.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_SERVICES, type GatewayFleet, startGatewayFleet } from "./gateway-fleet.ts";

let fleet: GatewayFleet;
let category: string;
beforeAll(async () => {
  fleet = await startGatewayFleet();
  const res = await fleet.call("/api/categories", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Hostile input" }),
  });
  expect(res.status).toBe(201);
  category = ((await res.json()) as { id: string }).id;
});
afterAll(async () => fleet?.fleet.stop());

/** Sends exactly this request line and these headers (fetch would normalise the path first). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(fleet.gateway);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? "GET",
        headers: { authorization: `Bearer ${fleet.admin}`, ...(options.headers ?? {}) },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const json = { "content-type": "application/json" };
const SQL = ["' OR 1=1 --", "'; DROP TABLE products; --", "1 UNION SELECT password FROM users"];
const SCRIPT = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>'];
const CONTROL = ["a\u0000b", "line\u0007bell", "esc\u001b[31m", "\u202eevil"];

function cases(): {
  name: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}[] {
  const product = (name: string) =>
    JSON.stringify({
      sku: name,
      name,
      description: name,
      price: { amount: "1.00", currency: "EUR" },
      categoryId: category,
      initialStock: 1,
    });
  const customer = (name: string) =>
    JSON.stringify({
      email: name,
      name,
      address: { line1: name, city: name, postalCode: name, country: "NL" },
    });
  return [
    ...[...SQL, ...SCRIPT, ...CONTROL].flatMap((text) => [
      {
        name: `product ${JSON.stringify(text)}`,
        path: "/api/products",
        method: "POST",
        headers: json,
        body: product(text),
      },
      {
        name: `customer ${JSON.stringify(text)}`,
        path: "/api/customers",
        method: "POST",
        headers: json,
        body: customer(text),
      },
      {
        name: `category ${JSON.stringify(text)}`,
        path: "/api/categories",
        method: "POST",
        headers: json,
        body: JSON.stringify({ name: text, parentId: text }),
      },
      { name: `id ${JSON.stringify(text)}`, path: `/api/orders/${encodeURIComponent(text)}` },
      { name: `query ${JSON.stringify(text)}`, path: `/api/products?categoryId=${encodeURIComponent(text)}` },
    ]),
    { name: "overlong header", path: "/api/products", headers: { "x-filler": "a".repeat(20_000) } },
    { name: "overlong URL", path: `/api/products/${"a".repeat(20_000)}` },
    { name: "overlong id", path: `/api/orders/${"a".repeat(2_000)}` },
    {
      name: "overlong body",
      path: "/api/products",
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "a".repeat(2 * 1024 * 1024) }),
    },
    { name: "invalid JSON", path: "/api/products", method: "POST", headers: json, body: '{"sku": ' },
    {
      name: "JSON of the wrong shape",
      path: "/api/customers",
      method: "POST",
      headers: json,
      body: "[1,2,3]",
    },
    {
      name: "prototype pollution",
      path: "/api/customers",
      method: "POST",
      headers: json,
      body: '{"__proto__": {"admin": true}}',
    },
    {
      name: "form body",
      path: "/api/products",
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "sku=a",
    },
    {
      name: "XML body",
      path: "/api/orders",
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<order/>",
    },
    {
      name: "text body",
      path: "/api/orders",
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "order",
    },
    { name: "traversal ../", path: "/api/products/../orders" },
    { name: "traversal %2e%2e", path: "/api/products/%2e%2e/customers" },
    { name: "traversal encoded slash", path: "/api/orders/..%2f..%2fhealth%2fready" },
    { name: "traversal backslash", path: "/api/orders/..%5c..%5cadmin" },
    { name: "NUL in id", path: "/api/orders/abc%00def" },
    { name: "malformed escape", path: "/api/orders/%zz" },
  ];
}

async function rowCounts(): Promise<Record<string, number>> {
  const count = async (service: string, table: string) =>
    Number((await fleet.fleet.sql<{ n: string }>(service, `SELECT count(*) AS n FROM ${table}`))[0]?.n);
  return {
    categories: await count("catalog", "categories"),
    products: await count("catalog", "products"),
    customers: await count("customer", "customers"),
    orders: await count("ordering", "orders"),
  };
}

describe("hostile input through the gateway", () => {
  it("is refused with 4xx problem+json, writes nothing, and leaves every service ready", async () => {
    const before = await rowCounts();
    const answers: string[] = [];
    for (const c of cases()) {
      const res = await raw(c.path, c);
      const problemJson = res.type.startsWith("application/problem+json");
      if (res.status < 400 || res.status >= 500 || !problemJson) {
        answers.push(`${c.name}: ${res.status} ${res.type} ${res.body.slice(0, 200)}`);
      }
    }
    expect(answers, "answers that are not a 4xx problem+json").toEqual([]);
    expect(await rowCounts()).toEqual(before);
    for (const service of ALL_SERVICES) {
      const ready = await fetch(`${fleet.fleet.url(service)}/health/ready`);
      expect(ready.status, service).toBe(200);
    }
  });
});
