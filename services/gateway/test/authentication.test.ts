import { STAFF_ROLES } from "@ecommerce/service-kit";
import {
  authorisationMatrix,
  expectEveryRouteDeclared,
  expectProblem,
  testIssuer,
} from "@ecommerce/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayUnderTest, gatewayUnderTest } from "./support/gateway-under-test.ts";

let gateway: GatewayUnderTest;
beforeAll(async () => {
  gateway = await gatewayUnderTest({ rateLimit: { max: 100_000, windowMs: 60_000 } });
});
afterAll(async () => gateway?.close());

async function answer(res: Response) {
  const body = await res.text();
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    body,
    json: <T>() => JSON.parse(body) as T,
  };
}

describe("authentication at the gateway", () => {
  it("declares what every route needs", () => {
    expectEveryRouteDeclared(gateway.app);
  });

  it("holds the authorisation matrix on every route of its table (no token, broken tokens, missing roles, the right role)", async () => {
    const failures = await authorisationMatrix({
      app: gateway.app,
      issuer: await testIssuer(),
      staffRoles: STAFF_ROLES,
      // The CORS preflight: anonymous by nature, and "*" is no path to request (security-headers.test.ts).
      skip: ["OPTIONS *"],
    });
    expect(failures).toEqual([]);
  });

  it("lets anonymous clients read the catalogue and nothing else, relaying nothing it refuses", async () => {
    const anonymous = { authorization: "" };
    expect((await gateway.fetch("/api/products", { headers: anonymous })).status).toBe(200);
    expect((await gateway.fetch("/api/categories/1", { headers: anonymous })).status).toBe(200);
    const before = gateway.seen.length;
    for (const [method, path] of [
      ["POST", "/api/products"],
      ["GET", "/api/orders"],
      ["GET", "/api/customers"],
      ["GET", "/api/invoices/1"],
      ["GET", "/api/shipments/1"],
    ] as const) {
      const res = await answer(await gateway.fetch(path, { method, headers: anonymous }));
      expectProblem(res, 401, "auth_required");
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="gateway"/);
    }
    expect(gateway.seen.length).toBe(before);
  });

  it("passes the token on: each service verifies it again", async () => {
    await gateway.fetch("/api/orders/1");
    expect(gateway.seen.at(-1)?.headers.authorization).toBe(`Bearer ${gateway.token}`);
  });

  it("lets a customer's token through to what customers may own, not to staff commands", async () => {
    const issuer = await testIssuer();
    const customer = `Bearer ${await issuer.tokenFor({ sub: "0190c6a4-0000-7000-8000-000000000001", roles: ["customer"] })}`;
    expect((await gateway.fetch("/api/orders/1", { headers: { authorization: customer } })).status).toBe(200);
    const dispatch = await answer(
      await gateway.fetch("/api/shipments/1/dispatch", {
        method: "POST",
        headers: { authorization: customer },
      }),
    );
    expectProblem(dispatch, 403, "forbidden");
  });
});

describe("rate limit by identity", () => {
  it("counts each token subject apart, and counts refused tokens per address before authentication", async () => {
    const limited = await gatewayUnderTest({ rateLimit: { max: 2, windowMs: 60_000, floodMax: 6 } });
    try {
      const issuer = await testIssuer();
      const tokens = await Promise.all(
        ["a", "b"].map(
          async (sub) => `Bearer ${await issuer.tokenFor({ sub: `client-${sub}`, roles: ["admin"] })}`,
        ),
      );
      const statuses: number[] = [];
      for (const authorization of [tokens[0], tokens[0], tokens[0], tokens[1], tokens[1]] as string[]) {
        statuses.push((await limited.fetch("/api/orders", { headers: { authorization } })).status);
      }
      // Same address, two subjects: each has its own two requests.
      expect(statuses).toEqual([200, 200, 429, 200, 200]);
      // Refused tokens are not verified into a subject: the address' flood guard counts them with the
      // rest (5 so far, 6 allowed): the first forged one is refused as such, the next is over the limit.
      const forged = "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
      expect((await limited.fetch("/api/orders", { headers: { authorization: forged } })).status).toBe(401);
      const refused = await answer(
        await limited.fetch("/api/orders", { headers: { authorization: forged } }),
      );
      expectProblem(refused, 429, "gateway.rate_limited");
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
