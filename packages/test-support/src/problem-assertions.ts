import { expect } from "vitest";

export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

/** What the assertions need of a response: Fastify's `inject` result fits. */
export interface InjectedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json<T = unknown>(): T;
}

/** An RFC 9457 problem with the status and stable code; returns it for more checks. */
export function expectProblem(res: InjectedResponse, status: number, code: string): ProblemJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json<ProblemJson>();
  expect(body).toMatchObject({ status, code });
  for (const member of ["type", "title", "detail"] as const) {
    expect(typeof body[member], member).toBe("string");
    expect(body[member].length, member).toBeGreaterThan(0);
  }
  return body;
}

/** A 400 validation problem naming `field` among its field errors. */
export function expectValidationError(res: InjectedResponse, field: string): ProblemJson {
  const body = expectProblem(res, 400, "validation_failed");
  expect(body.errors, res.body).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  for (const error of body.errors ?? []) expect(typeof error.message).toBe("string");
  return body;
}
