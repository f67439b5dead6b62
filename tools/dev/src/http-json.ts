// The small JSON-over-HTTP client the seed and the demo talk to the services with.

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** A problem+json answer, as far as these scripts read it. */
export interface Problem {
  code?: string;
  title?: string;
  detail?: string;
}

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(
      `${method} ${url} answered ${status}${problem?.code ? ` ${problem.code}` : ""}${problem?.detail ? `: ${problem.detail}` : ""}`,
    );
  }
}

export class ServiceUnreachable extends Error {}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses answered rather than thrown (2xx always are). */
  accept?: number[];
}

let bearerToken: string | undefined;

/**
 * The token every later request sends (the seed's and the demo's staff token): these scripts talk
 * to the fleet as one caller, so it is set once rather than threaded through every call.
 */
export function useBearerToken(token: string): void {
  bearerToken = token;
}

/** Sends a request and parses the JSON answer; any other status than 2xx or `accept` throws HttpError. */
export async function requestJson<T>(
  method: string,
  url: string,
  options: RequestOptions = {},
): Promise<JsonResponse<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ServiceUnreachable(`${method} ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok && !options.accept?.includes(res.status)) {
    throw new HttpError(method, url, res.status, body as Problem | undefined);
  }
  return { status: res.status, headers: res.headers, body: body as T };
}
