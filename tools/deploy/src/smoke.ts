/**
 * The smoke check a new version passes before it takes traffic (the pipeline, on the staging slot)
 * and every artifact passes in the tests: `/health/ready` answers 200, then one real request, a GET
 * the service documents in its OpenAPI that needs no parameter (a list: it reads the database).
 */
export interface SmokeResult {
  ready: unknown;
  request: { path: string; status: number };
}

export interface SmokeOptions {
  /** How long the service may take to become ready (a slot starting, migrating). */
  readyTimeoutMs?: number;
  /** A request to make instead of the first documented GET (e.g. the gateway's `/api/products`). */
  path?: string;
  /** A bearer token for the request (every service verifies tokens; only catalog reads are anonymous). */
  token?: string;
  log?: (line: string) => void;
}

const notBusinessPaths = /^\/(health|docs|openapi)/;

export async function smokeCheck(baseUrl: string, options: SmokeOptions = {}): Promise<SmokeResult> {
  const base = baseUrl.replace(/\/$/, "");
  const log = options.log ?? (() => undefined);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 300_000);
  let last = "no answer yet";
  let ready: unknown;
  while (ready === undefined) {
    try {
      const response = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(10_000) });
      const body = await response.text();
      if (response.status === 200) ready = JSON.parse(body);
      else last = `${response.status} ${body.slice(0, 500)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (ready !== undefined) break;
    if (Date.now() > deadline) throw new Error(`${base}/health/ready never answered 200 (last: ${last})`);
    log(`waiting for ${base}/health/ready (${last})`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  // Ready, so a 503 now is load shedding: a minute more for the request itself.
  const requestDeadline = Date.now() + 60_000;
  const get = (path: string) => getUnlessShed(base, path, requestDeadline, options.token);
  if (options.path) {
    const answer = await get(options.path);
    if (answer.status !== 200)
      throw new Error(`GET ${options.path} answered ${answer.status}: ${answer.body}`);
    JSON.parse(answer.body);
    return { ready, request: { path: options.path, status: 200 } };
  }
  const tried: string[] = [];
  for (const path of await documentedLists(get)) {
    const answer = await get(path);
    if (answer.status === 200) {
      JSON.parse(answer.body);
      return { ready, request: { path, status: 200 } };
    }
    tried.push(`GET ${path} → ${answer.status} ${answer.body}`);
  }
  throw new Error(`no documented list answered 200:\n${tried.join("\n")}`);
}

type Get = (path: string) => Promise<{ status: number; body: string }>;

/** A GET, asked again while the instance sheds load (503: busy, not broken) until the deadline. */
async function getUnlessShed(
  base: string,
  path: string,
  deadline: number,
  token: string | undefined,
): Promise<{ status: number; body: string }> {
  for (;;) {
    const response = await fetch(`${base}${path}`, {
      headers: { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.text();
    if (response.status !== 503 || Date.now() > deadline) {
      return { status: response.status, body: response.status === 200 ? body : body.slice(0, 300) };
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { format?: string; default?: unknown };
}

/**
 * The lists the service documents (GETs without path parameters), each as a request it accepts: its
 * required query parameters filled (ids with a fresh UUID), then with its first id filter (a list
 * that needs "whose", e.g. invoices by customer). A fresh id gives an empty list: a real query.
 */
async function documentedLists(get: Get): Promise<string[]> {
  const response = await get("/openapi.json");
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  const document = JSON.parse(response.body) as {
    paths?: Record<string, { get?: { parameters?: Parameter[] } }>;
  };
  const requests: string[] = [];
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    if (!operations.get || path.includes("{") || notBusinessPaths.test(path)) continue;
    const query = (operations.get.parameters ?? []).filter((p) => p.in === "query");
    // Required with a default (a page size) needs no value.
    const required = query.filter((p) => p.required && p.schema?.default === undefined);
    if (required.some((p) => p.schema?.format !== "uuid")) continue;
    const ids = required.map((p) => `${p.name}=${crypto.randomUUID()}`);
    requests.push(ids.length > 0 ? `${path}?${ids.join("&")}` : path);
    const filter = query.find((p) => !required.includes(p) && p.schema?.format === "uuid");
    if (filter) requests.push(`${path}?${[...ids, `${filter.name}=${crypto.randomUUID()}`].join("&")}`);
  }
  if (requests.length === 0) throw new Error("/openapi.json documents no list to smoke-check");
  return requests;
}
