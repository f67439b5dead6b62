import { Type } from "typebox";
import { CONTEXTS, type Context } from "./domain/public-routes.ts";

const url = (fallback: string) => Type.String({ pattern: "^https?://[^/]+/?$", default: fallback });
const optionalUrl = () => Type.Optional(Type.String({ pattern: "^https?://[^/]+/?$" }));

// The default ports of docs/architecture.md, for a fleet on one machine.
const DEFAULT_PORTS: Record<Context, number> = {
  catalog: 3001,
  ordering: 3002,
  customer: 3003,
  billing: 3004,
  shipping: 3005,
};

/** `CATALOG_URL`, `CATALOG_READ_URL`, … for each context. */
const upstreamVariables = Object.fromEntries(
  CONTEXTS.flatMap((context) => [
    [`${context.toUpperCase()}_URL`, url(`http://127.0.0.1:${DEFAULT_PORTS[context]}`)],
    [`${context.toUpperCase()}_READ_URL`, optionalUrl()],
  ]),
) as Record<string, ReturnType<typeof url> | ReturnType<typeof optionalUrl>>;

/** The gateway's own variables, validated with the runner's (PORT, HOST, REDIS_URL, …). */
export const gatewayConfigSchema = {
  ...upstreamVariables,
  /** How long a service may take to answer before the gateway answers 504. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 10_000 }),
  /** The largest request body relayed; a larger one answers 413 without reaching a service. */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024, default: 256 * 1024 }),
  /** Requests per client (token subject, else IP address) per window. */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 300 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
  /** Requests per address per window before authentication (refused tokens count); default 4 × RATE_LIMIT_MAX. */
  RATE_LIMIT_FLOOD_MAX: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Origins a browser may call the API from, comma-separated (`https://shop.example.com`); none by default. */
  CORS_ORIGINS: Type.String({ default: "", pattern: "^(https?://[^,/\\s]+(,https?://[^,/\\s]+)*)?$" }),
  /** PEM files: with both, the gateway serves HTTPS (in Azure, App Service terminates TLS instead). */
  TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * How many proxies in front of the gateway to trust for the client's address (X-Forwarded-For):
   * 0 none (the default), 1 behind App Service's front end.
   */
  TRUST_PROXY_HOPS: Type.Integer({ minimum: 0, maximum: 10, default: 0 }),
  /** How long the aggregated OpenAPI document is kept before the services are asked again. */
  OPENAPI_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 60 }),
};

export interface Upstream {
  /** Where commands go (and reads, without a read URL). */
  write: string;
  /** Where reads (GET, HEAD) go: a SERVICE_ROLE=read instance. */
  read: string;
}

export type Upstreams = Record<Context, Upstream>;

const trimmed = (value: string) => value.replace(/\/$/, "");

/** The upstream of each context from the validated configuration. */
export function upstreamsFrom(config: Record<string, unknown>): Upstreams {
  return Object.fromEntries(
    CONTEXTS.map((context) => {
      const write = trimmed(String(config[`${context.toUpperCase()}_URL`]));
      const read = config[`${context.toUpperCase()}_READ_URL`];
      return [context, { write, read: typeof read === "string" ? trimmed(read) : write }];
    }),
  ) as Upstreams;
}

export function corsOriginsFrom(value: string): string[] {
  return value.split(",").filter((origin) => origin.length > 0);
}
