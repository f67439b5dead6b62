import { readdir } from "node:fs/promises";
import { Command, Query } from "@ecommerce/service-kit";
import { describe, expect, it } from "vitest";

// A command or query without a schema passes the validation behaviour unchecked, silently: so every
// one the application declares, today's and tomorrow's, must have a strict one.

const applicationDir = new URL("../../src/application/", import.meta.url);

async function messageClasses(): Promise<{ name: string; schema: unknown }[]> {
  const found: { name: string; schema: unknown }[] = [];
  const files = (await readdir(applicationDir, { recursive: true })).filter((f) => f.endsWith(".ts"));
  for (const file of files) {
    const module: Record<string, unknown> = await import(new URL(file, applicationDir).href);
    for (const value of Object.values(module)) {
      if (typeof value !== "function") continue;
      if (value.prototype instanceof Command || value.prototype instanceof Query) {
        found.push({ name: value.name, schema: (value as { schema?: unknown }).schema });
      }
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
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
      "OnOrderCancelled",
      "OnOrderConfirmed",
      "OnShipmentDispatched",
      "ReleaseReservation",
      "ReserveStock",
    ]);
    for (const { name, schema } of classes) {
      expect(schema, `${name} has no schema`).toMatchObject({ type: "object", additionalProperties: false });
    }
  });
});
