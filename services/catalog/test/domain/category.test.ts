import { describe, expect, it } from "vitest";
import { Category, MAX_CATEGORY_DEPTH } from "../../src/domain/category.ts";
import { CategoryCreated } from "../../src/domain/events.ts";
import { expectRefused, id } from "./support.ts";

describe("Category", () => {
  it("creates a root category: depth 1, path of itself, CategoryCreated", () => {
    const root = Category.create(id(1), "  Electronics ", undefined);
    expect(root.name).toBe("Electronics");
    expect(root.parentId).toBeNull();
    expect(root.depth).toBe(1);
    expect(root.path).toEqual([{ id: id(1), name: "Electronics" }]);
    expect(root.version).toBe(0);
    expect(root.domainEvents).toHaveLength(1);
    expect(root.domainEvents[0]).toBeInstanceOf(CategoryCreated);
    expect(root.domainEvents[0]).toMatchObject({
      aggregateId: id(1),
      categoryName: "Electronics",
      parentId: null,
    });
  });

  it("creates a child under a parent: its path continues the parent's", () => {
    const root = Category.create(id(1), "Electronics", undefined);
    const phones = Category.create(id(2), "Phones", root);
    const smart = Category.create(id(3), "Smartphones", phones);
    expect(phones.parentId).toBe(id(1));
    expect(smart.depth).toBe(3);
    expect(smart.path.map((p) => p.name)).toEqual(["Electronics", "Phones", "Smartphones"]);
    expect(smart.path.map((p) => p.id)).toEqual([id(1), id(2), id(3)]);
  });

  it(`nests at most ${MAX_CATEGORY_DEPTH} levels`, () => {
    let parent: Category | undefined;
    for (let level = 1; level <= MAX_CATEGORY_DEPTH; level++)
      parent = Category.create(id(level), `L${level}`, parent);
    expect(parent?.depth).toBe(MAX_CATEGORY_DEPTH);
    expectRefused(() => Category.create(id(99), "Too deep", parent), "category.too_deep", "invalid");
  });

  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["too long", "x".repeat(101)],
    ["with a newline", "Pho\nnes"],
    ["with a NUL", "Pho\u0000nes"],
    ["with half a surrogate pair", "Pho\uD800nes"],
  ])("refuses a name that is %s", (_what, name) => {
    expectRefused(() => Category.create(id(1), name, undefined), "category.invalid_name", "invalid");
  });

  it("accepts a name with a whole surrogate pair (an emoji)", () => {
    expect(Category.create(id(1), "Phones 📱", undefined).name).toBe("Phones 📱");
  });

  it("accepts a name of exactly 100 characters", () => {
    expect(Category.create(id(1), "x".repeat(100), undefined).name).toHaveLength(100);
  });

  it("restoring raises nothing and keeps the version", () => {
    const category = Category.restore(
      {
        id: id(2),
        parentId: id(1),
        name: "Phones",
        path: [
          { id: id(1), name: "E" },
          { id: id(2), name: "Phones" },
        ],
        createdAt: new Date(),
      },
      1,
    );
    expect(category.domainEvents).toEqual([]);
    expect(category.version).toBe(1);
    expect(category.depth).toBe(2);
  });
});
