import { Command, Query } from "@ecommerce/service-kit";
import { exportedSubclasses } from "@ecommerce/test-support";
import { describe, expect, it } from "vitest";

// A command or query without a schema passes the validation behaviour unchecked, silently: so every
// one the application declares, today's and tomorrow's, must have a strict one.

async function messageClasses(): Promise<{ name: string; schema: unknown }[]> {
  const classes = await exportedSubclasses(new URL("../../src/application/", import.meta.url), [
    Command,
    Query,
  ]);
  return classes.map((c) => ({ name: c.name, schema: (c as { schema?: unknown }).schema }));
}

describe("message schemas", () => {
  it("every command and query of the application declares a strict object schema of its own fields", async () => {
    const classes = await messageClasses();
    expect(classes.map((c) => c.name)).toEqual([
      "AdjustStock",
      "ChangeProductPrice",
      "CommitReservation",
      "CreateCategory",
      "CreateProduct",
      "DiscontinueProduct",
      "GetCategory",
      "GetProduct",
      "GetStockLevel",
      "ListCategories",
      "ListProducts",
      "ReleaseReservation",
      "ReserveStock",
    ]);
    for (const { name, schema } of classes) {
      expect(schema, `${name} has no schema`).toMatchObject({ type: "object", additionalProperties: false });
    }
  });
});
