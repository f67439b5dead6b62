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

const seconds = { schema: { type: "integer", format: "int32", minimum: 0, maximum: 86_400 } };
const count = { schema: { type: "integer", format: "int32", minimum: 0, maximum: 2_147_483_647 } };

/**
 * Headers the gateway adds to its answers: the IETF draft RateLimit headers, on every answer the
 * per-client limit counted (all but those refused before it: 401, 403, and the gateway's own
 * 400/413/415), and Access-Control-Allow-Origin, for an Origin in the CORS allow-list.
 */
const GATEWAY_HEADERS: Json = {
  "RateLimit-Limit": { description: "Requests this client may make in the window", ...count },
  "RateLimit-Remaining": { description: "Requests left to it in the window", ...count },
  "RateLimit-Reset": { description: "Seconds until the window resets", ...seconds },
  "Access-Control-Allow-Origin": {
    description: "The request's Origin, when it is in the gateway's CORS allow-list (absent otherwise)",
    schema: { type: "string", format: "uri", maxLength: 2048 },
  },
};

/** Every answer's headers with the gateway's (2xx and 4xx get all of them, others CORS only). */
function withGatewayHeaders(responses: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, response] of Object.entries(responses)) {
    const own = (response.headers ?? {}) as Json;
    const added = /^[24]/.test(status)
      ? GATEWAY_HEADERS
      : { "Access-Control-Allow-Origin": GATEWAY_HEADERS["Access-Control-Allow-Origin"] };
    out[status] = { ...response, headers: { ...added, ...own } };
  }
  return out;
}

// What the gateway itself may answer on any relayed route, whatever the service declares.
function gatewayResponses(problemSchema: unknown): Record<string, Json> {
  return {
    429: problem("Too many requests from this client; retry after `Retry-After` seconds", problemSchema, {
      "Retry-After": { description: "Seconds until the client may retry", ...seconds },
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
          responses: withGatewayHeaders({
            ...gatewayResponses(problemSchema),
            ...((op.responses ?? {}) as Record<string, Json>),
          }),
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
    servers: [
      {
        url: "/",
        description:
          "The gateway that serves this document, in its environment (local, staging or production)",
        "x-internal": false,
      },
    ],
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
            "with issuer, audience, expiry and not-before checked and only RS256/ES256 taken (never `none`), " +
            "as RFC8725 (JSON Web Token Best Current Practices) requires.",
        },
      },
      schemas,
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
