import { describe, expect, it } from "vitest";
import { AggregateRoot, type DomainEvent, isUuid, newId, ValueObject } from "../src/index.ts";

class Renamed implements DomainEvent {
  readonly name = "Renamed";
  readonly occurredAt = new Date();
  constructor(
    readonly aggregateId: string,
    readonly to: string,
  ) {}
}

class Thing extends AggregateRoot {
  name = "";
  static load(id: string, version: number) {
    return new Thing(id, version);
  }
  rename(to: string) {
    this.name = to;
    this.raise(new Renamed(this.id, to));
  }
}

class Point extends ValueObject<{ x: number; y: number; tags: string[] }> {
  static of(x: number, y: number, tags: string[] = []) {
    return new Point({ x, y, tags });
  }
}

describe("AggregateRoot", () => {
  it("collects the events it raises until it is saved, then moves to the new version", () => {
    const thing = Thing.load(newId(), 3);
    thing.rename("a");
    thing.rename("b");
    expect(thing.domainEvents.map((e) => (e as Renamed).to)).toEqual(["a", "b"]);
    thing.markSaved(4);
    expect(thing.domainEvents).toEqual([]);
    expect(thing.version).toBe(4);
  });

  it("is equal to another instance only by identity and type", () => {
    const id = newId();
    expect(Thing.load(id, 1).equals(Thing.load(id, 7))).toBe(true);
    expect(Thing.load(id, 1).equals(Thing.load(newId(), 1))).toBe(false);
  });
});

describe("ValueObject", () => {
  it("compares structurally", () => {
    expect(Point.of(1, 2, ["a"]).equals(Point.of(1, 2, ["a"]))).toBe(true);
    expect(Point.of(1, 2, ["a"]).equals(Point.of(1, 2, ["b"]))).toBe(false);
    expect(Point.of(1, 2).equals(Point.of(2, 1))).toBe(false);
  });
});

describe("ids", () => {
  it("are UUID v7, time ordered", () => {
    const ids = Array.from({ length: 50 }, () => newId());
    expect(ids.every(isUuid)).toBe(true);
    expect(ids.every((id) => id[14] === "7")).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});
