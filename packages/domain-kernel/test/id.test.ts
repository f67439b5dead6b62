import { describe, expect, it } from "vitest";
import { isUuid, newId, UUID_PATTERN } from "../src/index.ts";

describe("ids", () => {
  it("a bare UUID of any version and case is one; a URN, braces or garbage is not", () => {
    expect(isUuid(newId())).toBe(true);
    expect(isUuid("0193A6F0-0000-7000-8000-00000000000A")).toBe(true);
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
    for (const bad of [`urn:uuid:${newId()}`, `{${newId()}}`, "not-a-uuid", `${newId()} `, ""]) {
      expect(isUuid(bad), bad).toBe(false);
    }
  });

  it("the pattern the schemas' uuid format uses is the same check", () => {
    const id = newId();
    expect(new RegExp(UUID_PATTERN, "i").test(id)).toBe(isUuid(id));
    expect(new RegExp(UUID_PATTERN, "i").test(`urn:uuid:${id}`)).toBe(false);
  });
});
