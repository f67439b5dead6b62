import { MONEY_AMOUNT_PATTERN } from "@ecommerce/domain-kernel";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  CustomerRegistered,
  createEvent,
  EnvelopeSchema,
  type EventType,
  eventCatalogue,
  MoneySchema,
  OrderConfirmed,
  PaymentFailed,
  parseEvent,
} from "../src/index.ts";
import { sampleData, sampleEntries } from "./sample-data.ts";

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS; depending on the loader its function is the module or its `.default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** What a consumer outside TypeScript gets: the schema as a JSON document (no TypeBox internals). */
function exported(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema));
}

// One validator for the whole catalogue, as a schema registry or an AsyncAPI tool would hold it:
// an `$id` reused by two schemas (or twice in one) is refused by it, as by any standard validator.
const ajv = addFormats(new Ajv({ strict: true, allErrors: true }));
const validators = new Map<string, ValidateFunction>();

function validatorOf(eventType: EventType): ValidateFunction {
  let validate = validators.get(eventType.type);
  if (!validate) {
    validate = ajv.compile(exported(eventType.schema));
    validators.set(eventType.type, validate);
  }
  return validate;
}

function errorsOf(validate: ValidateFunction, data: unknown) {
  validate(data);
  return (validate.errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword }));
}

describe("the exported JSON Schemas, read by a standard validator (ajv 8)", () => {
  it("covers the whole catalogue", () => {
    expect(sampleEntries.map((e) => e.eventType.type).sort()).toEqual(
      eventCatalogue.map((e) => e.type).sort(),
    );
  });

  it.each(sampleEntries)(
    "$key: its data schema compiles and accepts what createEvent makes",
    ({ eventType, data }) => {
      const envelope = createEvent(eventType as EventType, data as never, { correlationId: "req-1" });
      expect(errorsOf(validatorOf(eventType), envelope.data)).toEqual([]);
    },
  );

  it("states the envelope too", () => {
    const envelope = createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "req-1" });
    const validate = ajv.compile(exported(EnvelopeSchema));
    expect(errorsOf(validate, envelope)).toEqual([]);
    expect(errorsOf(validate, { ...envelope, time: "yesterday" })).toEqual([
      { path: "/time", keyword: "format" },
    ]);
  });

  it("refuses an amount that is not a decimal string, wherever Money appears", () => {
    const validate = validatorOf(OrderConfirmed);
    const data = structuredClone(sampleData.OrderConfirmed);
    data.total.amount = "12.5x";
    data.lines[0]!.unitPrice.amount = "12.5x";
    expect(errorsOf(validate, data)).toEqual([
      { path: "/lines/0/unitPrice/amount", keyword: "pattern" },
      { path: "/total/amount", keyword: "pattern" },
    ]);
    expect(
      errorsOf(validate, { ...sampleData.OrderConfirmed, total: { amount: 25, currency: "EUR" } }),
    ).toEqual([{ path: "/total/amount", keyword: "type" }]);
  });

  it("refuses a currency that is not three upper-case letters", () => {
    const validate = validatorOf(OrderConfirmed);
    for (const currency of ["eur", "EURO", "E1R"]) {
      const data = { ...sampleData.OrderConfirmed, total: { amount: "25.00", currency } };
      expect(errorsOf(validate, data)).toEqual([{ path: "/total/currency", keyword: "pattern" }]);
    }
  });

  it("carries no control character in text (NUL included), by the same pattern for every validator", () => {
    const name = (text: string) => ({ ...sampleData.CustomerRegistered, name: text });
    const reason = (text: string) => ({ ...sampleData.PaymentFailed, reason: text });
    for (const text of ["Ada\u0000", "Ada\u0007", "Ada\nLovelace", "a\uD800"]) {
      expect(errorsOf(validatorOf(CustomerRegistered), name(text)), JSON.stringify(text)).toEqual([
        { path: "/name", keyword: "pattern" },
      ]);
      expect(() => createEvent(CustomerRegistered, name(text), { correlationId: "c" })).toThrow();
    }
    expect(() => createEvent(PaymentFailed, reason("declined\u0000"), { correlationId: "c" })).toThrow();
    expect(errorsOf(validatorOf(PaymentFailed), reason("declined:\r\n\tcard expired"))).toEqual([]);
    expect(errorsOf(validatorOf(CustomerRegistered), name("Ünïcödé ☃ 𝄞 <b>\"'"))).toEqual([]);
  });

  it("holds amounts to Money's one bound (domain-kernel's), as a pattern any validator applies", () => {
    const validate = validatorOf(OrderConfirmed);
    const at = (amount: string) => ({ ...sampleData.OrderConfirmed, total: { amount, currency: "EUR" } });
    expect(exported(MoneySchema)).toMatchObject({
      properties: { amount: { pattern: MONEY_AMOUNT_PATTERN } },
    });
    expect(errorsOf(validate, at("999999999999999.99"))).toEqual([]);
    expect(errorsOf(validate, at("1000000000000000.00"))).toEqual([
      { path: "/total/amount", keyword: "pattern" },
    ]);
    expect(() => createEvent(OrderConfirmed, at("1000000000000000.00"), { correlationId: "c" })).toThrow();
  });

  it("leaves the currency's minor digits to the contracts' own check, which JSON Schema cannot state", () => {
    const money = exported(MoneySchema);
    expect(money).not.toHaveProperty("$id");
    expect(money).toMatchObject({
      type: "object",
      required: ["amount", "currency"],
      properties: { amount: { type: "string" }, currency: { type: "string", pattern: "^[A-Z]{3}$" } },
    });

    const data = { ...sampleData.OrderConfirmed, total: { amount: "25.5", currency: "EUR" } };
    expect(errorsOf(validatorOf(OrderConfirmed), data)).toEqual([]);
    expect(() => createEvent(OrderConfirmed, data, { correlationId: "c" })).toThrow(
      /must have exactly 2 decimal places for EUR/,
    );
    expect(() =>
      parseEvent({ ...createEvent(OrderConfirmed, sampleData.OrderConfirmed, { correlationId: "c" }), data }),
    ).toThrow(/\/data\/total/);
  });
});
