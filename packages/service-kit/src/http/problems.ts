import { KitErrors } from "../errors/kit-errors.ts";

/**
 * An error that already knows its HTTP answer (status + stable code). For the HTTP edge only (route
 * code, header parsing): the application and the domain throw `ApplicationError` / `DomainError`,
 * which carry a kind, and the error handler picks the status.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpProblem";
  }
}

export class NotFoundProblem extends HttpProblem {
  constructor(what: string, id: string) {
    super(404, KitErrors.NOT_FOUND, `${what} ${id} does not exist`);
  }
}

/** A write based on a version that is no longer current (If-Match did not match). */
export class PreconditionFailedProblem extends HttpProblem {
  constructor(expected: number, actual: number) {
    super(
      412,
      KitErrors.PRECONDITION_FAILED,
      `version ${expected} is stale; the current version is ${actual}`,
      {
        currentVersion: actual,
      },
    );
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  traceId?: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  const members = {
    type: `https://errors.ecommerce.example/${code.replaceAll("_", "-").replaceAll(".", "/")}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
  };
  // Extra members (a domain error's details) never overwrite the standard ones: `{ status: "Shipped" }`.
  return { ...members, ...extra, ...members } satisfies ProblemDocument;
}
