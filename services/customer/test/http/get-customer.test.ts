import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerTestApp, createCustomerTestApp } from "../support/customer-test-app.ts";
import {
  type CustomerJson,
  type CustomersApi,
  customerOf,
  customersApi,
  expectProblem,
  expectValidationError,
  newUuid,
  type PageJson,
  uniqueEmail,
} from "../support/customers-api.ts";

let t: CustomerTestApp;
let api: CustomersApi;
beforeAll(async () => {
  t = await createCustomerTestApp();
  api = customersApi(t);
});
afterAll(() => t.close());

describe("GET /customers/{id}", () => {
  it("answers the customer with its ETag", async () => {
    const created = await api.registered();
    const res = await api.get(created.id);
    expect(customerOf(res)).toEqual(created);
    expect(res.headers.etag).toBe('"1"');
  });

  it("answers 304 to If-None-Match with the current ETag, 200 once it changed", async () => {
    const created = await api.registered();
    const notModified = await api.get(created.id, { "if-none-match": '"1"' });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe("");
    customerOf(await api.patch(created.id, { name: "New Name" }));
    const modified = await api.get(created.id, { "if-none-match": '"1"' });
    expect(customerOf(modified).name).toBe("New Name");
  });

  it("If-None-Match also matches a weak ETag, one of a list, or *", async () => {
    const created = await api.registered();
    for (const header of ['W/"1"', '"7", "1"', "*"]) {
      expect((await api.get(created.id, { "if-none-match": header })).statusCode).toBe(304);
    }
    expect((await api.get(created.id, { "if-none-match": '"7", W/"8"' })).statusCode).toBe(200);
  });

  it("an unknown id → 404 customer.not_found", async () => {
    expectProblem(await api.get(newUuid()), 404, "customer.not_found");
  });

  it.each(["not-a-uuid", "1234", "0193a6f0-0000-7000-8000-00000000000", "'; DROP TABLE customers;--"])(
    "a malformed id (%s) → 400 naming params.id",
    async (id) => {
      expectValidationError(await api.get(encodeURIComponent(id)), "params.id");
    },
  );
});

describe("GET /customers?email=", () => {
  it("finds the customer whatever the case of the email asked for", async () => {
    const email = uniqueEmail("Find.Me");
    const created = await api.registered({ email });
    for (const asked of [email, email.toLowerCase(), email.toUpperCase()]) {
      const res = await api.find(asked);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<PageJson>()).toEqual({ items: [created], nextCursor: null });
    }
  });

  it("an email nobody has → an empty page, not 404", async () => {
    const res = await api.find(uniqueEmail("nobody"));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it("an email registered after a miss is found at once", async () => {
    const email = uniqueEmail("later");
    expect((await api.find(email)).json<PageJson>().items).toEqual([]);
    const created = await api.registered({ email });
    expect((await api.find(email)).json<PageJson>().items.map((c) => c.id)).toEqual([created.id]);
  });

  it.each([
    ["not an email", "ada"],
    ["too long", `${"a".repeat(250)}@example.com`],
  ])("an email that is %s → 400 naming querystring.email", async (_what, email) => {
    expectValidationError(await api.find(email), "querystring.email");
  });
});

describe("GET /customers (admin list)", () => {
  let all: CustomerJson[];
  beforeAll(async () => {
    // A database of its own, so that the list holds exactly these customers.
    const own = await createCustomerTestApp();
    try {
      const ownApi = customersApi(own);
      const created: CustomerJson[] = [];
      for (let i = 0; i < 7; i++) created.push(await ownApi.registered({ name: `Customer ${i}` }));
      const pages: PageJson[] = [];
      let cursor: string | null = null;
      do {
        const res = await ownApi.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<PageJson>();
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 10);
      expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
      all = pages.flatMap((p) => p.items);
      expect(all.map((c) => c.id)).toEqual(created.map((c) => c.id).reverse());
      expect(all).toEqual([...created].reverse());
      const everything = (await ownApi.list({ limit: 100 })).json<PageJson>();
      expect(everything).toEqual({ items: all, nextCursor: null });
      const defaults = (await ownApi.list()).json<PageJson>();
      expect(defaults.items).toHaveLength(7);
    } finally {
      await own.close();
    }
  });

  it("pages through every customer newest first, each exactly once", () => {
    expect(new Set(all.map((c) => c.id)).size).toBe(7);
  });

  it.each([
    ["limit 0", { limit: 0 }, "querystring.limit"],
    ["limit above 100", { limit: 101 }, "querystring.limit"],
    ["limit not a number", { limit: "ten" }, "querystring.limit"],
    ["an unknown parameter", { sort: "name" }, "querystring.sort"],
  ])("%s → 400", async (_what, query, field) => {
    expectValidationError(await api.list(query), field);
  });

  it.each(["garbage", Buffer.from("not-a-uuid").toString("base64url"), "x".repeat(201)])(
    "a cursor this API did not return → 400",
    async (cursor) => {
      const res = await api.list({ cursor });
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toMatch(/^(invalid_cursor|validation_failed)$/);
    },
  );
});
