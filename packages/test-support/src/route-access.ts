import { expect } from "vitest";
import { injectAsIs } from "./default-authorization.ts";
import type { TestIssuer } from "./test-issuer.ts";

/** A route's declaration as the kit's auth plugin records it (`app.routeAccess`). */
export type DeclaredAccess =
  | { readonly anonymous: true }
  | { readonly anonymous: false; readonly roles: readonly string[]; readonly owner: boolean };

export interface DeclaredRoute {
  method: string;
  url: string;
  access: DeclaredAccess | undefined;
}

interface InjectResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What the helpers need of a service app (a ServiceApp has it). */
export interface RoutedApp {
  routeAccess: DeclaredRoute[];
  inject(options: {
    method: string;
    url: string;
    headers?: Record<string, unknown>;
    payload?: unknown;
  }): Promise<InjectResponse>;
}

/** Every route of the app but HEAD (Fastify's copy of each GET, with the GET's declaration). */
export function declaredRoutes(app: RoutedApp): DeclaredRoute[] {
  return app.routeAccess.filter((route) => route.method !== "HEAD");
}

/**
 * Fails for every route that declares nothing (`config: { auth: ... }`): at run time such a route is
 * admin-only, which is safe but surely not what its author meant.
 */
export function expectEveryRouteDeclared(app: RoutedApp): void {
  const undeclared = declaredRoutes(app)
    .filter((route) => route.access === undefined)
    .map((route) => `${route.method} ${route.url}`);
  expect(undeclared, "routes without an auth declaration (config.auth)").toEqual([]);
}

const EXAMPLE_ID = "00000000-0000-4000-8000-000000000000";

/** A request on the route: each path parameter a well-formed id, an empty JSON body for writes. */
function requestOn(route: DeclaredRoute, authorization: string | undefined) {
  const url = route.url.replace(/:[A-Za-z0-9_]+/g, EXAMPLE_ID).replace(/\*$/, "");
  const withBody = ["POST", "PUT", "PATCH"].includes(route.method);
  return {
    method: route.method,
    url,
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(withBody ? { "content-type": "application/json" } : {}),
    },
    ...(withBody ? { payload: "{}" } : {}),
  };
}

export interface MatrixOptions {
  app: RoutedApp;
  issuer: TestIssuer;
  /** Every staff role there is: a token with all of them but the route's (and admin) must get 403. */
  staffRoles: readonly string[];
  /** Routes left out, as "METHOD /url" (e.g. the docs' static files). */
  skip?: string[];
}

/**
 * The authorisation matrix, generated from the app's route table: for every declared route,
 * - no token: 401 (anonymous routes: neither 401 nor 403);
 * - expired, not yet valid, foreign issuer, foreign key, wrong audience, `alg: none`, tampered: 401;
 * - a valid token without the route's roles (every other staff role; a customer on a staff-only route): 403;
 * - each of its roles, and admin: neither 401 nor 403.
 * Returns every cell that did not hold, as lines (an empty list: all held).
 */
export async function authorisationMatrix(options: MatrixOptions): Promise<string[]> {
  const { app, issuer } = options;
  const failures: string[] = [];
  // Exactly the headers of each cell: a test app's default token must not fill in "no token".
  const inject = injectAsIs(app);
  const subject = { sub: "matrix-staff" };
  const broken = await issuer.brokenTokens({ ...subject, roles: ["admin"] });
  const routes = declaredRoutes(app).filter((r) => !options.skip?.includes(`${r.method} ${r.url}`));
  expect(routes.length, "no routes to check").toBeGreaterThan(0);

  const check = async (
    route: DeclaredRoute,
    cell: string,
    authorization: string | undefined,
    ok: (s: number) => boolean,
    expected: string,
  ) => {
    const response = (await inject(requestOn(route, authorization))) as InjectResponse;
    if (!ok(response.statusCode)) {
      failures.push(
        `${route.method} ${route.url} — ${cell}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
      );
      return;
    }
    if (response.statusCode === 401 || response.statusCode === 403) {
      const type = String(response.headers["content-type"] ?? "");
      const challenge = String(response.headers["www-authenticate"] ?? "");
      if (!type.startsWith("application/problem+json"))
        failures.push(`${route.method} ${route.url} — ${cell}: not problem+json`);
      if (!challenge.startsWith("Bearer "))
        failures.push(`${route.method} ${route.url} — ${cell}: no WWW-Authenticate: Bearer`);
    }
  };
  const is = (status: number) => (s: number) => s === status;
  const passes = (s: number) => s !== 401 && s !== 403;

  for (const route of routes) {
    const access = route.access;
    if (!access) {
      failures.push(`${route.method} ${route.url}: no declaration`);
      continue;
    }
    if (access.anonymous) await check(route, "no token", undefined, passes, "neither 401 nor 403");
    else await check(route, "no token", undefined, is(401), "401");
    for (const [name, token] of Object.entries(broken)) {
      await check(route, `${name} token`, `Bearer ${token}`, is(401), "401");
    }
    await check(route, "not a bearer token", "Basic YWRtaW46YWRtaW4=", is(401), "401");
    if (access.anonymous) continue;

    const others = options.staffRoles.filter((r) => r !== "admin" && !access.roles.includes(r));
    const without = await issuer.tokenFor({ ...subject, roles: others });
    await check(route, `roles ${others.join(",") || "(none)"}`, `Bearer ${without}`, is(403), "403");
    // A customer passes an owner route (the handler then limits it to their own), never a staff one.
    const customer = await issuer.tokenFor({ sub: EXAMPLE_ID, roles: ["customer"] });
    if (access.owner)
      await check(route, "customer token", `Bearer ${customer}`, passes, "neither 401 nor 403");
    else await check(route, "customer token", `Bearer ${customer}`, is(403), "403");
    for (const role of [...access.roles, "admin"]) {
      const token = await issuer.tokenFor({ ...subject, roles: [role] });
      await check(route, `role ${role}`, `Bearer ${token}`, passes, "neither 401 nor 403");
    }
  }
  return failures;
}
