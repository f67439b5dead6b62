import { KitErrors, sendProblem } from "@ecommerce/service-kit";
import type { FastifyInstance } from "fastify";

// A dot segment, raw or percent-encoded (`..`, `%2e%2e`, `.%2E`), an encoded slash or backslash,
// a raw backslash or an encoded NUL: none belongs in an API path, and each is a way to make a
// service see another path than the gateway routed (`/products/..%2forders`).
const SMUGGLING = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)|%2f|%5c|\\|%00/i;

/**
 * Refuses, before any relay, a path that could climb out of the resource it was routed by: the
 * gateway routes on the first segment, so every later one must stay inside it.
 */
export function registerPathGuard(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (SMUGGLING.test(path)) {
      return sendProblem(
        reply,
        400,
        KitErrors.BAD_URL,
        "the path holds a dot segment, an encoded slash or backslash, or a NUL; send a plain path",
      );
    }
  });
}
