import { CloudEvent, HTTP } from "cloudevents";
import { describe, expect, it } from "vitest";
import {
  BROKER_ID_MAX_LENGTH,
  createEvent,
  type EventType,
  OrderConfirmed,
  parseEvent,
} from "../src/index.ts";
import { sampleData, sampleEntries } from "./sample-data.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("envelopes", () => {
  it.each(sampleEntries)("$key is a valid CloudEvents 1.0 structured event", ({ eventType, data }) => {
    const envelope = createEvent(eventType as EventType, data as never, {
      correlationId: "req-123",
      causationId: "cmd-456",
      traceparent,
    });

    // The SDK's own validator (strict constructor + validate) is the judge, not our schema.
    const event = new CloudEvent<unknown>({ ...envelope });
    expect(event.validate()).toBe(true);
    expect(event.toJSON()).toEqual(envelope);

    // Through the SDK's structured-mode HTTP binding and back.
    const message = HTTP.structured(event);
    expect(message.headers["content-type"]).toContain("application/cloudevents+json");
    const received = HTTP.toEvent({ headers: message.headers, body: message.body }) as CloudEvent<unknown>;
    expect(received.validate()).toBe(true);
    expect(parseEvent(JSON.parse(JSON.stringify(received)))).toEqual(envelope);
  });

  it("fills id (UUID v7), time, source, subject and causation", () => {
    const before = Date.now();
    const event = createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "req-1" });
    expect(event.id).toMatch(UUID_V7);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(event).toMatchObject({
      specversion: "1.0",
      source: "/ordering",
      type: "ecommerce.ordering.order-confirmed.v1",
      subject: sampleData.OrderConfirmed.orderId,
      datacontenttype: "application/json",
      correlationid: "req-1",
      causationid: "req-1",
    });
    expect(event).not.toHaveProperty("traceparent");
  });

  it("gives every event a distinct, time-ordered id", () => {
    const ids = Array.from(
      { length: 200 },
      () => createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "c" }).id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("refuses to create an event whose data breaks the schema", () => {
    const data = { ...sampleData.OrderConfirmed, total: { amount: 25, currency: "EUR" } };
    // @ts-expect-error amount must be a decimal string, and the compiler says so too
    expect(() => createEvent(OrderConfirmed, data, { correlationId: "c" })).toThrow(
      /\/data\/total\/amount must be string/,
    );
  });

  it("refuses a subject or correlation id longer than Service Bus takes (128), at creation and on parsing", () => {
    const longest = "s".repeat(BROKER_ID_MAX_LENGTH);
    const tooLong = `${longest}x`;
    const ok = createEvent(OrderConfirmed, sampleData.OrderConfirmed, {
      correlationId: longest,
      subject: longest,
    });
    expect(parseEvent(ok)).toEqual(ok);

    expect(() =>
      createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "c", subject: tooLong }),
    ).toThrow(/\/subject must not have more than 128 characters/);
    expect(() => createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: tooLong })).toThrow(
      /\/correlationid must not have more than 128 characters/,
    );
    // An event published by an older producer without the bound is a contract violation for a consumer.
    expect(() => parseEvent({ ...ok, subject: tooLong })).toThrow(/\/subject/);
    expect(() => parseEvent({ ...ok, correlationid: tooLong })).toThrow(/\/correlationid/);
  });

  it("refuses a traceparent that is not W3C trace context", () => {
    expect(() =>
      createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "c", traceparent: "nope" }),
    ).toThrow(/\/traceparent/);
  });
});
