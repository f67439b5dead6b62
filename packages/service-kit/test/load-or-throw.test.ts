import { describe, expect, it } from "vitest";
import { Command, loadOrThrow, StaleVersion } from "../src/index.ts";

class Rename extends Command<void> {
  constructor(expectedVersion?: number) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

const stored = new Map([["a", { id: "a", version: 3 }]]);
const load = async (id: string) => stored.get(id);
const notFound = (id: string) => new Error(`thing ${id} does not exist`);

describe("loadOrThrow", () => {
  it("answers what the command acts on, at any version without If-Match or at the one it names", async () => {
    await expect(loadOrThrow(load, "a", new Rename(), notFound)).resolves.toEqual({ id: "a", version: 3 });
    await expect(loadOrThrow(load, "a", new Rename(3), notFound)).resolves.toEqual({ id: "a", version: 3 });
  });

  it("throws the context's own not-found error for what does not exist", async () => {
    await expect(loadOrThrow(load, "b", new Rename(), notFound)).rejects.toThrow("thing b does not exist");
  });

  it("refuses a stale version as assertExpectedVersion does", async () => {
    await expect(loadOrThrow(load, "a", new Rename(2), notFound)).rejects.toBeInstanceOf(StaleVersion);
  });
});
