import { testIssuer } from "./test-issuer.ts";

/** What `sendTokenByDefault` needs of an app: Fastify's `inject`. */
interface Injecting {
  inject(...args: unknown[]): unknown;
}

type Headers = Record<string, unknown>;

const WITHOUT_DEFAULT_TOKEN = Symbol.for("@ecommerce/test-support:inject-without-default-token");

/** The app's `inject` as it was before `sendTokenByDefault`: what a request sends is all it sends. */
export function injectAsIs(app: object): (options: unknown) => Promise<unknown> {
  const raw = (app as Record<symbol, unknown>)[WITHOUT_DEFAULT_TOKEN] as
    | ((o: unknown) => Promise<unknown>)
    | undefined;
  return raw ?? ((options) => (app as Injecting).inject(options) as Promise<unknown>);
}

function withToken(options: unknown, token: string): unknown {
  const given = (typeof options === "string" ? { url: options } : options) as { headers?: Headers };
  const headers: Headers = { ...(given.headers ?? {}) };
  const own = Object.keys(headers).find((name) => name.toLowerCase() === "authorization");
  if (own === undefined) headers.authorization = `Bearer ${token}`;
  // `authorization: undefined` says "no token": the header is left out.
  else if (headers[own] === undefined) delete headers[own];
  return { ...given, headers };
}

/**
 * Makes `app.inject(...)` send `Authorization: Bearer <token>` unless the request sets its own; a
 * request that sets `authorization: undefined` goes without one. Tests keep verifying real tokens
 * (nothing is switched off): they just need not repeat the staff token everywhere.
 */
export function sendTokenByDefault(app: object, token: string): void {
  const inject = (app as Injecting).inject.bind(app);
  Object.defineProperty(app, WITHOUT_DEFAULT_TOKEN, { configurable: true, value: inject });
  Object.defineProperty(app, "inject", {
    configurable: true,
    value: (options?: unknown, callback?: unknown) => {
      if (options === undefined) return inject();
      return callback === undefined
        ? inject(withToken(options, token))
        : inject(withToken(options, token), callback);
    },
  });
}

/** The subject of the token test apps send by default. */
export const TEST_ADMIN_SUBJECT = "test-admin";

/** `sendTokenByDefault` with an admin token of test-support's issuer: what a service's test app does. */
export async function sendAdminTokenByDefault(app: object): Promise<void> {
  const issuer = await testIssuer();
  sendTokenByDefault(app, await issuer.tokenFor({ sub: TEST_ADMIN_SUBJECT, roles: ["admin"] }));
}
