import { Command, Query } from "@ecommerce/service-kit";
import { exportedSubclasses } from "@ecommerce/test-support";
import { describe, expect, it } from "vitest";

// A command or query without a schema passes the validation behaviour unchecked: every one the
// application declares, today's and those added later, must have a strict one of its own.
describe("message schemas", () => {
  it("every command and query of the application declares a strict object schema", async () => {
    const classes = await exportedSubclasses(new URL("../../src/application/", import.meta.url), [
      Command,
      Query,
    ]);
    // The scan finds them: a broken scan would pass vacuously.
    expect(classes.map((c) => c.name).sort()).toEqual([
      "CancelShipmentForOrder",
      "CreateShipment",
      "DeliverShipment",
      "DispatchShipment",
      "GetShipment",
      "ListShipments",
      "TrackShipment",
    ]);
    for (const c of classes) {
      expect(Object.hasOwn(c, "schema"), `${c.name} declares no schema`).toBe(true);
      expect((c as { schema?: unknown }).schema).toMatchObject({
        type: "object",
        additionalProperties: false,
      });
    }
  });
});
