import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogApi,
  eur,
  expectNoWrite,
  expectProblem,
  expectValidationError,
  type ProductJson,
  type Response,
  snapshot,
  uniqueSku,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

// The companion of validation.test.ts for text: script, SQL and unusual unicode in any text a write
// route takes are data. Where the field's schema allows them the write succeeds, the value is stored
// and answered byte for byte as a JSON string (never markup), and every table is still there with
// its rows. Where the schema forbids them (SKU, attribute names, money, ids, If-Match) they are
// refused with 400 and nothing is written.

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
let categoryId: string;
let product: ProductJson;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
  categoryId = (await api.category("Payloads")).id;
  product = await api.product({ categoryId, initialStock: 5 });
});
afterAll(() => t.close());

const PAYLOADS: [string, string][] = [
  ["a script", "<script>alert(1)</script>"],
  ["an attribute breakout", `"><img src=x onerror=alert(1)>`],
  ["SQL that drops a table", "'; DROP TABLE products; --"],
  ["an SQL tautology", '" OR 1=1 --'],
  ["quotes and backslashes", `"\\"'\\\\`],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  ["a template", "{{7*7}} ${7*7}"],
  ["unicode", "Ünïcödé ☃ 𝄞 日本 🎉"],
  ["bidi and zero-width characters", "a\u202Eb\u200Bc"],
];

/**
 * The answers of a write and of the reads after it, with where each holds the field (none: the
 * answer does not carry it), and what the field's row holds.
 */
interface Written {
  answers: { res: Response; value?: (body: never) => unknown }[];
  stored: unknown;
}

async function storedOne<T>(sql: string, id: string): Promise<T | undefined> {
  const rows = await t.db.$queryRawUnsafe<{ v: T }[]>(sql, id);
  return rows[0]?.v;
}

async function writeProduct(fields: Record<string, unknown>) {
  const created = await api.createProduct({
    sku: uniqueSku(),
    name: "Payload",
    price: eur("1.00"),
    categoryId,
    ...fields,
  });
  const id = created.json<ProductJson>().id;
  return { created, read: await api.getProduct(id), id };
}

/** [field, write `text` into it through its route] */
const accepted: [string, (text: string) => Promise<Written>][] = [
  [
    "POST /categories name",
    async (text) => {
      const created = await api.createCategory({ name: text });
      const id = created.json<{ id: string }>().id;
      const byName = (body: { name: string }) => body.name;
      return {
        answers: [
          { res: created, value: byName },
          { res: await api.getCategory(id), value: byName },
        ],
        stored: await storedOne("SELECT name AS v FROM categories WHERE id = $1::uuid", id),
      };
    },
  ],
  [
    "POST /products name",
    async (text) => {
      const { created, read, id } = await writeProduct({ name: text });
      const byName = (body: ProductJson) => body.name;
      return {
        answers: [
          { res: created, value: byName },
          { res: read, value: byName },
        ],
        stored: await storedOne("SELECT name AS v FROM products WHERE id = $1::uuid", id),
      };
    },
  ],
  [
    "POST /products description",
    async (text) => {
      const { created, read, id } = await writeProduct({ description: text });
      const byDescription = (body: ProductJson) => body.description;
      return {
        answers: [
          { res: created, value: byDescription },
          { res: read, value: byDescription },
        ],
        stored: await storedOne("SELECT description AS v FROM products WHERE id = $1::uuid", id),
      };
    },
  ],
  [
    "POST /products attribute value",
    async (text) => {
      const { created, read, id } = await writeProduct({ attributes: { note: text } });
      const byNote = (body: ProductJson) => body.attributes.note;
      return {
        answers: [
          { res: created, value: byNote },
          { res: read, value: byNote },
        ],
        stored: await storedOne("SELECT attributes->>'note' AS v FROM products WHERE id = $1::uuid", id),
      };
    },
  ],
  [
    "POST /products/{id}/stock reason",
    async (text) => {
      // No route answers the reason (it is the audit trail's); the answer is the stock level.
      const res = await api.adjustStock(product.id, { delta: 1, reason: text });
      return {
        answers: [{ res }],
        stored: await storedOne(
          "SELECT reason AS v FROM stock_movements WHERE product_id = $1::uuid ORDER BY id DESC LIMIT 1",
          product.id,
        ),
      };
    },
  ],
];

const acceptedCases = accepted.flatMap(([field, write]) =>
  PAYLOADS.map(([what, text]) => [field, what, write, text] as const),
);

describe("fields that take free text: stored verbatim, answered as equal JSON strings", () => {
  it.each(acceptedCases)("%s: %s", async (_field, _what, write, text) => {
    const before = await snapshot(t.db);
    const { answers, stored } = await write(text);
    for (const { res, value } of answers) {
      expect([200, 201], res.body).toContain(res.statusCode);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      if (!value) continue;
      expect(value(res.json() as never)).toBe(text);
      // the text is a JSON string literal in the body, not markup or a changed copy
      expect(res.body).toContain(JSON.stringify(text));
    }
    expect(stored).toBe(text);
    // every table is still there and lost no row
    const after = await snapshot(t.db);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [table, { rows }] of Object.entries(before)) {
      expect(after[table]?.rows, table).toBeGreaterThanOrEqual(rows);
    }
  });
});

/** [field, send `text` in it, the field the 400 names] */
const refused: [string, (text: string) => Promise<Response>, string | ((text: string) => string)][] = [
  ["POST /categories parentId", (text) => api.createCategory({ name: "x", parentId: text }), "body.parentId"],
  ["POST /products sku", (text) => writeProductOnly({ sku: text }), "body.sku"],
  [
    "POST /products attribute name",
    (text) => writeProductOnly({ attributes: { [text]: "x" } }),
    (text) => `body.attributes.${text}`,
  ],
  ["POST /products price amount", (text) => writeProductOnly({ price: eur(text) }), "body.price.amount"],
  [
    "POST /products price currency",
    (text) => writeProductOnly({ price: { amount: "1.00", currency: text } }),
    "body.price.currency",
  ],
  ["POST /products categoryId", (text) => writeProductOnly({ categoryId: text }), "body.categoryId"],
  [
    "POST /products/{id}/price amount",
    (text) => api.changePrice(product.id, { price: eur(text) }),
    "body.price.amount",
  ],
  [
    "POST /products/{id}/price currency",
    (text) => api.changePrice(product.id, { price: { amount: "1.00", currency: text } }),
    "body.price.currency",
  ],
];

function writeProductOnly(fields: Record<string, unknown>): Promise<Response> {
  return api.createProduct({ sku: uniqueSku(), name: "Refused", price: eur("1.00"), categoryId, ...fields });
}

const refusedCases = refused.flatMap(([field, send, named]) =>
  PAYLOADS.map(([what, text]) => [field, what, send, named, text] as const),
);

describe("fields whose schema forbids such text: 400 naming the field, nothing written", () => {
  it.each(refusedCases)("%s: %s", async (_field, _what, send, named, text) => {
    const res = await expectNoWrite(t.db, () => send(text));
    expectValidationError(res, typeof named === "string" ? named : named(text));
  });
});

describe("If-Match holding such text: 400 invalid_if_match, nothing written", () => {
  const routes: [string, (headers: Record<string, string>) => Promise<Response>][] = [
    ["price", (headers) => api.changePrice(product.id, { price: eur("2.00") }, headers)],
    ["discontinue", (headers) => api.discontinue(product.id, headers)],
    ["stock", (headers) => api.adjustStock(product.id, { delta: 1, reason: "x" }, headers)],
  ];
  // A header is Latin-1 on the wire: the payloads beyond it cannot even be sent.
  const sendable = PAYLOADS.filter(([, text]) => /^[\u0020-\u007e]*$/.test(text));
  const cases = routes.flatMap(([route, send]) =>
    sendable.map(([what, text]) => [route, what, send, text] as const),
  );

  it.each(cases)("%s: %s", async (_route, _what, send, text) => {
    expectProblem(await expectNoWrite(t.db, () => send({ "if-match": text })), 400, "invalid_if_match");
  });
});

describe("ill-formed unicode (a lone surrogate half) in free text: 400 naming the field, nothing written", () => {
  // JSON escapes it, but PostgreSQL's json refuses it and its text would hold U+FFFD instead: it
  // cannot be stored verbatim, so it is refused before anything is written.
  const lone: [string, (text: string) => Promise<Response>, string][] = [
    ["POST /categories name", (text) => api.createCategory({ name: text }), "body.name"],
    ["POST /products name", (text) => writeProductOnly({ name: text }), "body.name"],
    ["POST /products description", (text) => writeProductOnly({ description: text }), "body.description"],
    [
      "POST /products attribute value",
      (text) => writeProductOnly({ attributes: { note: text } }),
      "body.attributes.note",
    ],
    [
      "POST /products/{id}/stock reason",
      (text) => api.adjustStock(product.id, { delta: 1, reason: text }),
      "body.reason",
    ],
  ];
  const cases = lone.flatMap(([field, send, named]) =>
    [
      ["a high half", "a\uD800b"],
      ["a low half", "a\uDC00"],
    ].map(([what, text]) => [field, what, send, named, text] as const),
  );

  it.each(cases)("%s: %s", async (_field, _what, send, named, text) => {
    expectValidationError(await expectNoWrite(t.db, () => send(text as string)), named);
  });
});
