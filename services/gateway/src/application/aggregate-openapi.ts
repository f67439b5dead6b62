import { type Context, PUBLIC_PREFIX, PUBLIC_RESOURCES } from "../domain/public-routes.ts";

type Json = Record<string, unknown>;

export interface ServiceDocument {
  context: Context;
  /** The service's own document (its /openapi.json), or undefined when it did not answer. */
  document: Json | undefined;
}

export const BEARER_SCHEME = "bearer";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PROBLEM = "application/problem+json";

function problem(description: string, problemSchema: unknown, headers?: Json): Json {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { [PROBLEM]: { schema: problemSchema } },
  };
}

// What the gateway itself may answer on any relayed route, whatever the service declares.
function gatewayResponses(problemSchema: unknown): Record<string, Json> {
  const integer = { schema: { type: "integer", minimum: 0, maximum: 86_400 } };
  return {
    429: problem("Too many requests from this client; retry after `Retry-After` seconds", problemSchema, {
      "Retry-After": { description: "Seconds until the client may retry", ...integer },
      RateLimit: {
        description: "The client's limit, what is left of it, and seconds until it resets (IETF draft)",
        schema: { type: "string", maxLength: 100 },
      },
    }),
    502: problem("The service behind this path answered something the gateway cannot relay", problemSchema),
    503: problem(
      "The service behind this path is unavailable or sheds load; retry after `Retry-After` seconds",
      problemSchema,
    ),
    504: problem("The service behind this path did not answer in time", problemSchema),
  };
}

/** `{ "$ref": "#/components/schemas/x" }` anywhere in `value`, renamed with `rename`. */
function renameRefs(value: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, rename));
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/components/schemas/")) {
      out[key] = `#/components/schemas/${rename(inner.slice("#/components/schemas/".length))}`;
    } else {
      out[key] = renameRefs(inner, rename);
    }
  }
  return out;
}

function anyProblemSchema(documents: ServiceDocument[]): unknown {
  for (const { document } of documents) {
    for (const item of Object.values((document?.paths ?? {}) as Record<string, Json>)) {
      for (const operation of Object.values(item) as Json[]) {
        for (const response of Object.values((operation.responses ?? {}) as Record<string, Json>)) {
          const schema = (response.content as Record<string, Json> | undefined)?.[PROBLEM]?.schema;
          if (schema) return schema;
        }
      }
    }
  }
  return { type: "object" };
}

export interface AggregateOptions {
  title: string;
  version: string;
  description: string;
}

/**
 * One document for the whole public API: each service's operations on the resources the gateway
 * routes to it, under `/api`, with the gateway's own answers (429, 502-504) added, every schema
 * name prefixed with its context so that two services' names cannot collide, and the bearer scheme
 * declared. Operations that declare no security of their own follow the gateway's rule: anonymous
 * reads of the catalogue, a token for everything else. A service that did not answer is named in
 * the description, and its operations are missing until it answers.
 */
export function aggregateOpenApi(documents: ServiceDocument[], options: AggregateOptions): Json {
  const problemSchema = anyProblemSchema(documents);
  const paths: Record<string, Json> = {};
  const schemas: Json = {};
  const missing: string[] = [];
  const tags = new Map<string, string>();
  for (const { context, document } of documents) {
    if (!document) {
      missing.push(context);
      continue;
    }
    const rename = (name: string) => `${context}.${name}`;
    for (const [name, schema] of Object.entries(
      ((document.components as Json | undefined)?.schemas ?? {}) as Json,
    )) {
      schemas[rename(name)] = renameRefs(schema, rename);
    }
    for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
      const resource = path.split("/")[1];
      const route = PUBLIC_RESOURCES.find((r) => r.resource === resource && r.context === context);
      if (!route) continue;
      const publicPath = `${PUBLIC_PREFIX}${path}`;
      const merged: Json = { ...(paths[publicPath] ?? {}) };
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const op = renameRefs(operation, rename) as Json;
        const anonymous = route.anonymousReads && (method === "get" || method === "head");
        const tagged = (op.tags as string[] | undefined) ?? [resource as string];
        for (const tag of tagged) tags.set(tag, `${tag}: served by the ${context} service`);
        merged[method] = {
          ...op,
          tags: tagged,
          ...(op.operationId ? { operationId: `${context}.${String(op.operationId)}` } : {}),
          security: op.security ?? (anonymous ? [{}, { [BEARER_SCHEME]: [] }] : [{ [BEARER_SCHEME]: [] }]),
          responses: { ...gatewayResponses(problemSchema), ...((op.responses ?? {}) as Json) },
        };
      }
      paths[publicPath] = merged;
    }
  }
  const unavailable =
    missing.length > 0
      ? `\n\nNot answering when this document was made, so their operations are missing: ${missing.join(", ")}.`
      : "";
  return {
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: options.version,
      description: `${options.description}${unavailable}`,
    },
    servers: [{ url: "/", description: "This gateway" }],
    tags: [...tags].sort().map(([name, description]) => ({ name, description })),
    security: [{ [BEARER_SCHEME]: [] }],
    components: {
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "A JWT from the identity provider (Microsoft Entra ID; `pnpm token` in development), signed, " +
            "with issuer, audience, expiry and not-before checked as RFC 8725 recommends.",
        },
      },
      schemas,
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
