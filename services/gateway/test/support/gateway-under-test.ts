import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { createTokenVerifier } from "@ecommerce/service-kit";
import { testIssuer } from "@ecommerce/test-support";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { buildGatewayApp, type GatewayApp, type GatewayDependencies } from "../../src/app.ts";
import type { Upstreams } from "../../src/config.ts";
import { CONTEXTS, type Context } from "../../src/domain/public-routes.ts";

/** What an upstream saw of one request. */
export interface Seen {
  upstream: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A real HTTP server standing in for a service: answers every path with what it saw (200 JSON), or
 * as `respond` says. It has no idea of a gateway.
 */
export async function fakeService(
  name: string,
  seen: Seen[],
  respond?: (app: FastifyInstance) => void,
): Promise<{ url: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  respond?.(app);
  app.all("/*", async (request) => {
    const entry = {
      upstream: name,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: typeof request.body === "string" ? request.body : "",
    };
    seen.push(entry);
    return { upstream: name, method: request.method, url: request.url };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, app };
}

export interface GatewayUnderTest {
  app: GatewayApp;
  url: string;
  /** An admin's token from the test issuer, which the gateway trusts. */
  token: string;
  /** fetch on the gateway with the admin token, unless the request sends its own `authorization`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  seen: Seen[];
  upstreams: Upstreams;
  close(): Promise<void>;
}

/**
 * The gateway listening on an ephemeral port in front of one fake service per context, and one
 * more per context as its read instance (named `<context>-read`).
 */
export async function gatewayUnderTest(
  options: Partial<GatewayDependencies> & { respond?: (context: string, app: FastifyInstance) => void } = {},
): Promise<GatewayUnderTest> {
  const seen: Seen[] = [];
  const services: FastifyInstance[] = [];
  const upstreams = {} as Upstreams;
  for (const context of CONTEXTS) {
    const write = await fakeService(context, seen, (app) => options.respond?.(context, app));
    const read = await fakeService(`${context}-read`, seen, (app) => options.respond?.(context, app));
    services.push(write.app, read.app);
    upstreams[context as Context] = { write: write.url, read: read.url };
  }
  const { respond: _respond, ...deps } = options;
  const issuer = await testIssuer();
  const token = await issuer.tokenFor({ sub: "gateway-test-admin", roles: ["admin"] });
  const app = await buildGatewayApp({
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    auth: createTokenVerifier(issuer.verifierOptions),
    environment: "test",
    upstreams: options.upstreams ?? upstreams,
    ...deps,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    token,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...init, headers });
    },
    seen,
    upstreams: options.upstreams ?? upstreams,
    close: async () => {
      await app.close();
      await Promise.all(services.map((s) => s.close()));
    },
  };
}

/**
 * A request with its path sent exactly as written (fetch would resolve `%2e%2e` and `..` first, as
 * a browser does; an attacker's client does not).
 */
export function rawRequest(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path, method: options.method ?? "GET", headers: options.headers ?? {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
