import type { FastifyInstance, RouteOptions } from "fastify";
import { ProblemSchema } from "./common-schemas.ts";

export const PROBLEM_JSON = "application/problem+json";

/** An error response as OpenAPI should show it: RFC 9457 problem details, as problem+json. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_JSON]: { schema: ProblemSchema } } };
}

const DESCRIPTIONS: Record<string, string> = {
  400: "The request does not match its schema (`errors` names each field), or a header is malformed",
  404: "The resource does not exist",
  409: "Refused in the resource's current state, or lost a race with another change",
  412: "If-Match names a version that is no longer current (`currentVersion` is)",
  422: "Well formed, but breaks a business rule (or reuses an Idempotency-Key for another request)",
};

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What any request to this route may meet, whatever the route does. */
function standardProblems(route: RouteOptions): Record<number, ReturnType<typeof problemResponse>> {
  const methods = [route.method].flat().map((m) => m.toUpperCase());
  const schema = route.schema ?? {};
  const responses: Record<number, ReturnType<typeof problemResponse>> = {
    431: problemResponse("The request line and headers are too large"),
    500: problemResponse("An unexpected failure; the log has the details"),
    503: problemResponse("The service sheds load or is shutting down; retry after Retry-After seconds"),
  };
  if (schema.body || schema.params || schema.querystring || schema.headers) {
    responses[400] = problemResponse("The request does not match its schema (`errors` names each field)");
  }
  if (methods.some((m) => WITH_BODY.has(m))) {
    responses[413] = problemResponse("The body is larger than the service's body limit");
    responses[415] = problemResponse("The body is not JSON (application/json)");
  }
  if (schema.params || route.url.includes(":")) {
    responses[414] = problemResponse("A path parameter is longer than any valid value");
  }
  return responses;
}

/**
 * Every documented route declares its error responses as problem+json: the ones a route names
 * (`400: ProblemSchema`), turned into problem+json, and those any request may meet (a body too
 * large, headers too large, load shedding), so that the OpenAPI document tells the truth.
 */
export function declareProblemResponses(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
    const declared = (route.schema.response ?? {}) as Record<string, unknown>;
    const responses: Record<string, unknown> = { ...standardProblems(route) };
    for (const [status, response] of Object.entries(declared)) {
      responses[status] =
        response === ProblemSchema ? problemResponse(DESCRIPTIONS[status] ?? "Problem details") : response;
    }
    route.schema.response = responses;
  });
}
