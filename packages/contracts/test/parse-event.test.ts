import { describe, expect, it } from "vitest";
import {
  ContractViolationError,
  createEvent,
  isEvent,
  OrderConfirmed,
  ProductCreated,
  parseEvent,
} from "../src/index.ts";
import { sampleData } from "./sample-data.ts";

const valid = () =>
  JSON.parse(
    JSON.stringify(createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "req-1" })),
  );

function violation(input: unknown): ContractViolationError {
  try {
    parseEvent(input);
  } catch (error) {
    if (error instanceof ContractViolationError) return error;
    throw error;
  }
  throw new Error("expected a ContractViolationError");
}

describe("parseEvent", () => {
  it("returns a typed event that narrows on its type", () => {
    const event = parseEvent(JSON.stringify(valid()));
    expect(isEvent(event, OrderConfirmed)).toBe(true);
    if (isEvent(event, OrderConfirmed)) {
      expect(event.data.lines[0]?.unitPrice).toEqual({ amount: "12.50", currency: "EUR" });
    }
    expect(isEvent(event, ProductCreated)).toBe(false);
  });

  it("names the offending field of bad data", () => {
    const event = valid();
    event.data.lines[0].quantity = 0;
    const error = violation(event);
    expect(error.eventType).toBe("ecommerce.ordering.order-confirmed.v1");
    expect(error.path).toBe("/data/lines/0/quantity");
    expect(error.message).toBe(
      "Contract violation in ecommerce.ordering.order-confirmed.v1: /data/lines/0/quantity must be >= 1",
    );
  });

  it("refuses money as a number, with too many decimals, or in an unknown currency", () => {
    const asNumber = valid();
    asNumber.data.total.amount = 25;
    expect(violation(asNumber).path).toBe("/data/total/amount");

    const tooPrecise = valid();
    tooPrecise.data.total = { amount: "25.5", currency: "EUR" };
    expect(violation(tooPrecise).message).toContain(
      'amount "25.5" must have exactly 2 decimal places for EUR',
    );

    const yen = valid();
    yen.data.total = { amount: "2500", currency: "JPY" };
    expect(() => parseEvent(yen)).not.toThrow();

    const unknown = valid();
    unknown.data.total = { amount: "25.00", currency: "XYZ" };
    expect(violation(unknown).message).toContain('"XYZ" is not an ISO 4217 currency code');
  });

  it("reports missing data fields", () => {
    const event = valid();
    delete event.data.customerId;
    expect(violation(event).message).toMatch(/must have required properties? customerId/);
  });

  it("refuses an unknown event type", () => {
    const event = { ...valid(), type: "ecommerce.ordering.order-teleported.v1" };
    const error = violation(event);
    expect(error.path).toBe("/type");
    expect(error.message).toContain(
      '"ecommerce.ordering.order-teleported.v1" is not an event of the catalogue',
    );
  });

  it("refuses a version nobody publishes", () => {
    expect(violation({ ...valid(), type: "ecommerce.ordering.order-confirmed.v2" }).path).toBe("/type");
  });

  it("refuses an envelope that is not CloudEvents", () => {
    const { id: _id, ...withoutId } = valid();
    expect(violation(withoutId).message).toMatch(/must have required properties? id/);
    expect(violation({ ...valid(), specversion: "0.3" }).path).toBe("/specversion");
    expect(violation({ ...valid(), time: "yesterday" }).path).toBe("/time");
    expect(violation({ ...valid(), id: "42" }).path).toBe("/id");
    expect(violation({ ...valid(), correlationid: "" }).path).toBe("/correlationid");
    expect(violation(42).message).toContain("must be object");
  });

  it("refuses an event claiming another context as its source", () => {
    expect(violation({ ...valid(), source: "/billing" }).message).toContain('/source must be "/ordering"');
  });

  it("refuses text that is not JSON", () => {
    expect(violation("{nope").message).toMatch(/^Contract violation: \(envelope\) is not JSON/);
  });

  it("tolerates unknown extension attributes and added data fields (a compatible change)", () => {
    const event = { ...valid(), someextension: "x" };
    event.data.giftWrap = true;
    expect(() => parseEvent(event)).not.toThrow();
  });
});
