import type Type from "typebox";
import type { TSchema } from "typebox";
import { Compile, type Validator } from "typebox/compile";
import type { ContractIssue } from "./contract-violation-error.ts";
import type { EventEnvelope } from "./envelope.ts";

/** The bounded contexts that publish events; each has one topic named after it. */
export const contexts = ["customer", "catalog", "ordering", "billing", "shipping"] as const;
export type Context = (typeof contexts)[number];

/** One integration event of the published language, at one version. */
export interface EventType<TypeName extends string = string, Schema extends TSchema = TSchema> {
  /** CloudEvents `type`: `ecommerce.<context>.<name>.v<version>`. */
  readonly type: TypeName;
  readonly context: Context;
  /** kebab-case, e.g. "order-confirmed". */
  readonly name: string;
  readonly version: number;
  /** CloudEvents `source`: `/<context>`. */
  readonly source: `/${Context}`;
  /** JSON Schema of `data`. */
  readonly schema: Schema;
  /** The `data` field holding the aggregate id that becomes the event's `subject`. */
  readonly subjectField: string;
  readonly description: string;
  /** Validates `data`; returns the problems, empty when valid. */
  check(data: unknown): ContractIssue[];
}

export type DataOf<E extends EventType> = E extends EventType<string, infer S> ? Type.Static<S> : never;
export type EnvelopeOf<E extends EventType> =
  E extends EventType<infer N, infer S> ? EventEnvelope<Type.Static<S>, N> : never;

export function issuesFrom(validator: Validator, value: unknown, prefix: string): ContractIssue[] {
  const seen = new Set<string>();
  const issues: ContractIssue[] = [];
  for (const error of validator.Errors(value)) {
    // TypeBox reports a failed additionalProperties twice and "schema is false" tells nobody anything.
    if (error.keyword === "boolean") continue;
    const issue = { path: `${prefix}${error.instancePath}`, message: error.message };
    const key = `${issue.path} ${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

export function defineEvent<
  const C extends Context,
  const N extends string,
  const V extends number,
  const S extends TSchema,
>(definition: {
  context: C;
  name: N;
  version: V;
  subjectField: keyof Type.Static<S> & string;
  description: string;
  schema: S;
}): EventType<`ecommerce.${C}.${N}.v${V}`, S> {
  let validator: Validator | undefined;
  return {
    type: `ecommerce.${definition.context}.${definition.name}.v${definition.version}`,
    context: definition.context,
    name: definition.name,
    version: definition.version,
    source: `/${definition.context}`,
    schema: definition.schema,
    subjectField: definition.subjectField,
    description: definition.description,
    check(data) {
      // Compiled on first use, so a service pays only for the events it touches.
      validator ??= Compile(definition.schema);
      return validator.Check(data) ? [] : issuesFrom(validator, data, "/data");
    },
  };
}
