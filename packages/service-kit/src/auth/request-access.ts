import type { Principal } from "./principal.ts";
import type { RouteAccess } from "./route-access.ts";

/** What the auth plugin decided for this request. */
export interface RequestAccess {
  principal: Principal | undefined;
  /**
   * The customer whose resources this request is limited to (a `customer` token on an `ownerOr`
   * route); undefined when it is not limited (staff, or an anonymous route).
   */
  customerId: string | undefined;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** What the route needs: `anonymous()`, `requires(...)` or `ownerOr(...)`. */
    auth?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the auth plugin on every routed request before its body is read. */
    access?: RequestAccess;
  }
}
