// Fuzzing every operation of the gateway's aggregated OpenAPI document against the real fleet
// (schemathesis' idea with fast-check): bounded examples per operation, drawn from the operation's
// own schemas with hostile values mixed in; no answer may be a 5xx, and every answer must be one
// the document declares, with a body its schema takes (ajv, test-support's openApiViolations).
import { openApiViolations, type RecordedAnswer } from "@ecommerce/test-support";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFleet, startGatewayFleet } from "./gateway-fleet.ts";

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 12);

type Schema = Record<string, unknown>;
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

let fleet: GatewayFleet;
let document: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  fleet = await startGatewayFleet();
  document = (await (await fleet.call("/openapi.json")).json()) as typeof document;
});
afterAll(async () => fleet?.fleet.stop());

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const maxLength = Math.min(Number(schema.maxLength ?? 40), 60);
  const minLength = Math.min(Number(schema.minLength ?? 0), maxLength);
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === "email") return fc.emailAddress();
  if (typeof schema.pattern === "string") {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern, "u"))
        .filter((s) => s.length <= maxLength && s.length >= minLength);
    } catch {
      // a pattern fast-check cannot draw from: plain strings then
    }
  }
  return fc.string({ minLength, maxLength, unit: "grapheme" });
}

/** Values the schema describes (mostly), at bounded size. */
function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return fc.oneof(...union.map((s) => arbitraryFor(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return stringOf(schema);
    case "integer":
      return fc.integer({
        min: Number(schema.minimum ?? -1_000_000),
        max: Number(schema.maximum ?? 1_000_000),
      });
    case "number":
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: Number(schema.minimum ?? -1e6),
        max: Number(schema.maximum ?? 1e6),
      });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(arbitraryFor(schema.items as Schema, depth + 1), {
        maxLength: Math.min(Number(schema.maxItems ?? 3), 3),
      });
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const model = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, depth + 1)]),
      );
      return fc.record(model, {
        requiredKeys: ((schema.required ?? []) as string[]).filter((k) => k in model),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly what the schema describes; sometimes anything at all. */
const hostile = (schema: Schema | undefined) =>
  fc.oneof(
    { weight: 4, arbitrary: arbitraryFor(schema) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

interface FuzzRequest {
  path: string;
  body: unknown;
}

function requestsFor(template: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const params = operation.parameters ?? [];
  const path = params.filter((p) => p.in === "path");
  const query = params.filter((p) => p.in === "query");
  const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
  return fc
    .record({
      pathValues: fc.tuple(...path.map((p) => hostile(p.schema).map((v) => String(v)))),
      queryValues: fc.tuple(...query.map((p) => fc.option(hostile(p.schema), { nil: undefined }))),
      body: bodySchema ? hostile(bodySchema) : fc.constant(undefined),
    })
    .map(({ pathValues, queryValues, body }) => {
      let url = template;
      path.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeURIComponent(pathValues[i] || "x"));
      });
      const search = new URLSearchParams();
      query.forEach((p, i) => {
        const v = queryValues[i];
        if (v !== undefined && v !== null) search.set(p.name, typeof v === "string" ? v : JSON.stringify(v));
      });
      const qs = search.toString();
      return { path: qs ? `${url}?${qs}` : url, body };
    });
}

describe("fuzzing every operation of the aggregated document", () => {
  it("never answers 5xx, and every answer is one the document declares", async () => {
    const answers: RecordedAnswer[] = [];
    const failures: string[] = [];
    let operations = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        const samples = fc.sample(requestsFor(template, operation), { numRuns: RUNS_PER_OPERATION, seed: 9 });
        for (const sample of samples) {
          const withBody = sample.body !== undefined;
          const res = await fleet.call(sample.path, {
            method: method.toUpperCase(),
            ...(withBody
              ? { headers: { "content-type": "application/json" }, body: JSON.stringify(sample.body) }
              : {}),
          });
          const body = await res.text();
          const answer = {
            method: method.toUpperCase(),
            url: sample.path,
            status: res.status,
            contentType: res.headers.get("content-type") ?? undefined,
            body,
          };
          answers.push(answer);
          if (res.status >= 500)
            failures.push(`${answer.method} ${sample.path} → ${res.status} ${body.slice(0, 200)}`);
        }
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(answers.length).toBe(operations * RUNS_PER_OPERATION);
    // The examples reach the services' handlers (some succeed), and their validation (some are refused).
    expect(answers.some((a) => a.status < 300)).toBe(true);
    expect(answers.some((a) => a.status >= 400 && a.status < 500)).toBe(true);
    expect(failures, "5xx answers").toEqual([]);
    expect(openApiViolations(document, answers), "answers the document does not describe").toEqual([]);
  });
});
