import type { EventEnvelope } from "@ecommerce/contracts";
import { describe, expect, it } from "vitest";
import { publishLayers } from "../src/transports/postgres/publish-layers.ts";

const event = (id: string, subject: string) => ({ id, subject }) as EventEnvelope;

describe("publishLayers", () => {
  it("keeps a batch whose ids rise per subject in one insert", () => {
    const batch = [event("01", "a"), event("00", "b"), event("02", "a"), event("03", "b")];
    expect(publishLayers(batch)).toEqual([batch]);
  });

  it("splits a batch whose ids go backwards within a subject into ordered layers", () => {
    // Two instances with skewed clocks: the later event of `a` has the smaller id.
    const [a1, a2, b1, a3] = [event("09", "a"), event("05", "a"), event("01", "b"), event("07", "a")];
    expect(publishLayers([a1, a2, b1, a3])).toEqual([[a1, b1], [a2], [a3]]);
  });

  it("has nothing to do for nothing", () => {
    expect(publishLayers([])).toEqual([]);
  });
});
