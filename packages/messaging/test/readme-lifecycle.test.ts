import { readFileSync } from "node:fs";
import { events, subscribersOf, topology } from "@ecommerce/contracts";
import { describe, expect, it } from "vitest";

// The README's lifecycle diagram is what people read to learn who hears what; it must not drift
// from the topology the buses are provisioned from.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const diagram = /## The order lifecycle on the bus[\s\S]*?```mermaid\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
const lines = diagram.split("\n").map((line) => line.trim());

const typeOf = new Map<string, string>(Object.entries(events).map(([name, event]) => [name, event.type]));
const participants = new Map(
  lines.flatMap((line) => {
    const match = /^participant (\w+) as (\w+)$/.exec(line);
    return match ? [[match[1]!, match[2]!] as const] : [];
  }),
);

/** `O-)Ca: OrderConfirmed / ... (ordering.catalog: what catalog does)`: a delivery. */
const arrows = lines.flatMap((line) => {
  const match = /^(\w+)-\)(\w+): (.+?) \(([a-z]+\.[a-z]+)[:)]/.exec(line);
  if (!match) return [];
  const [, from, to, names, subscription] = match as unknown as [string, string, string, string, string];
  return [
    { line, from: participants.get(from), to: participants.get(to), names: names.split(" / "), subscription },
  ];
});

/** `Note over O: ... OrderPlaced (topic ordering, no subscription takes it) ...`: published only. */
const notes = lines.flatMap((line) => {
  const match = /^Note over (\w+): (.+)$/.exec(line);
  if (!match) return [];
  const mentioned = [...match[2]!.matchAll(/\b[A-Z][A-Za-z]+\b/g)]
    .map((m) => m[0])
    .filter((w) => typeOf.has(w));
  return [{ line, over: participants.get(match[1]!), names: mentioned }];
});

describe("the README's order lifecycle diagram", () => {
  it("draws only deliveries the topology makes, from the publisher to the subscription's consumer", () => {
    expect(arrows.length).toBeGreaterThan(0);
    for (const arrow of arrows) {
      for (const name of arrow.names) {
        const type = typeOf.get(name);
        expect(type, `${arrow.line}: ${name} is not an event of the catalogue`).toBeDefined();
        const subscription = topology.subscriptions.find((s) => s.name === arrow.subscription);
        expect(subscription, `${arrow.line}: no subscription ${arrow.subscription}`).toBeDefined();
        expect(subscription?.eventTypes, arrow.line).toContain(type);
        expect(`${subscription?.topic}.${subscription?.consumer}`, arrow.line).toBe(
          `${arrow.from}.${arrow.to}`,
        );
      }
    }
  });

  it("draws every delivery of the topology", () => {
    const drawn = new Set(
      arrows.flatMap((arrow) => arrow.names.map((name) => `${typeOf.get(name)} ${arrow.subscription}`)),
    );
    const declared = topology.subscriptions.flatMap((s) => s.eventTypes.map((type) => `${type} ${s.name}`));
    expect(declared.filter((pair) => !drawn.has(pair))).toEqual([]);
  });

  it("shows every other event of the catalogue as published by its context, with no subscriber", () => {
    const delivered = new Set(arrows.flatMap((arrow) => arrow.names));
    const noted = new Map(notes.flatMap((note) => note.names.map((name) => [name, note] as const)));
    for (const [name, event] of Object.entries(events)) {
      if (delivered.has(name)) continue;
      const note = noted.get(name);
      expect(note, `${name} appears nowhere in the diagram`).toBeDefined();
      expect(note?.over, note?.line).toBe(event.context);
      expect(note?.line).toContain(`${name} (topic ${event.context}, no subscription takes it)`);
      expect(subscribersOf(event.type), `${name} has subscribers: draw them`).toEqual([]);
    }
  });
});
