import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CategoryJson,
  catalogApi,
  eventsOf,
  expectNoWrite,
  expectProblem,
  expectValidationError,
  jsonOf,
  newUuid,
  type PageJson,
} from "../support/catalog-api.ts";
import { type CatalogTestApp, createCatalogTestApp } from "../support/catalog-test-app.ts";

let t: CatalogTestApp;
let api: ReturnType<typeof catalogApi>;
beforeAll(async () => {
  t = await createCatalogTestApp();
  api = catalogApi(t);
});
afterAll(() => t.close());

describe("POST /categories", () => {
  it("creates a root category: 201, Location, its path is itself", async () => {
    const res = await api.createCategory({ name: "  Electronics  " });
    const category = jsonOf<CategoryJson>(res, 201);
    expect(res.headers.location).toBe(`/categories/${category.id}`);
    expect(category).toEqual({
      id: expect.any(String),
      name: "Electronics",
      parentId: null,
      path: [{ id: category.id, name: "Electronics" }],
      depth: 1,
      createdAt: expect.any(String),
    });
    expect(jsonOf<CategoryJson>(await api.getCategory(category.id))).toEqual(category);
  });

  it("publishes nothing: categories are catalog's own business", async () => {
    expect(await eventsOf(t.db, () => api.category(`Quiet ${newUuid()}`))).toEqual([]);
  });

  it("creates a tree: children carry the path from the root", async () => {
    const root = await api.category("Home");
    const kitchen = await api.category("Kitchen", root.id);
    const knives = await api.category("Knives", kitchen.id);
    expect(knives).toMatchObject({ parentId: kitchen.id, depth: 3 });
    expect(knives.path).toEqual([
      { id: root.id, name: "Home" },
      { id: kitchen.id, name: "Kitchen" },
      { id: knives.id, name: "Knives" },
    ]);
  });

  it("sibling names are unique whatever their case → 409 category.name_taken, nothing written", async () => {
    const root = await api.category("Garden");
    await api.category("Tools", root.id);
    const res = await expectNoWrite(t.db, () => api.createCategory({ name: "TOOLS", parentId: root.id }));
    expectProblem(res, 409, "category.name_taken");
    // the same name elsewhere in the tree is fine
    const other = await api.category(`Other ${newUuid()}`);
    expect((await api.category("Tools", other.id)).name).toBe("Tools");
    // and among the roots, too
    expectProblem(
      await expectNoWrite(t.db, () => api.createCategory({ name: "garden" })),
      409,
      "category.name_taken",
    );
  });

  it("an unknown parent → 422 category.unknown_parent, nothing written", async () => {
    const parentId = newUuid();
    const res = await expectNoWrite(t.db, () => api.createCategory({ name: "Orphan", parentId }));
    expect(expectProblem(res, 422, "category.unknown_parent").detail).toContain(parentId);
  });

  it("a sixth level → 422 category.too_deep, nothing written", async () => {
    let parent: CategoryJson | undefined;
    for (let level = 1; level <= 5; level++)
      parent = await api.category(`Deep ${level} ${newUuid()}`, parent?.id);
    const res = await expectNoWrite(t.db, () =>
      api.createCategory({ name: "Level 6", parentId: parent?.id }),
    );
    expectProblem(res, 422, "category.too_deep");
  });

  it("a blank name → 422 category.invalid_name, nothing written", async () => {
    expectProblem(
      await expectNoWrite(t.db, () => api.createCategory({ name: "   " })),
      422,
      "category.invalid_name",
    );
  });
});

describe("GET /categories/{id}", () => {
  it("unknown → 404 category.not_found; malformed → 400", async () => {
    expectProblem(await api.getCategory(newUuid()), 404, "category.not_found");
    expectValidationError(await api.getCategory("nope"), "params.id");
  });
});

describe("GET /categories?parentId=&cursor=&limit=", () => {
  it("pages through a category's children by name, and lists roots without parentId", async () => {
    const parent = await api.category(`Books ${newUuid()}`);
    const names = ["Poetry", "crime", "Art", "Biography", "Drama"];
    for (const name of names) await api.category(name, parent.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: PageJson<CategoryJson> = jsonOf(
        await api.listCategories({ parentId: parent.id, limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items.map((c) => c.name));
      expect(page.items.every((c) => c.parentId === parent.id)).toBe(true);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...names].sort());
    expect(new Set(seen).size).toBe(names.length);

    const roots = jsonOf<PageJson<CategoryJson>>(await api.listCategories({ limit: 100 }));
    expect(roots.items.map((c) => c.id)).toContain(parent.id);
    expect(roots.items.every((c) => c.parentId === null)).toBe(true);
  });

  it("an unknown parent → 404; a bad cursor → 400 invalid_cursor; bad limits → 400", async () => {
    expectProblem(await api.listCategories({ parentId: newUuid() }), 404, "category.not_found");
    expectProblem(await api.listCategories({ cursor: "garbage!" }), 400, "invalid_cursor");
    expectValidationError(await api.listCategories({ limit: 0 }), "querystring.limit");
    expectValidationError(await api.listCategories({ limit: 101 }), "querystring.limit");
    expectValidationError(await api.listCategories({ parentId: "x" }), "querystring.parentId");
  });
});
