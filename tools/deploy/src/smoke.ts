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
  const path = options.path ?? (await firstDocumentedList(base));
  const response = await fetch(`${base}${path}`, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 500)}`);
  JSON.parse(body);
  return { ready, request: { path, status: response.status } };
}

async function firstDocumentedList(base: string): Promise<string> {
  const response = await fetch(`${base}/openapi.json`, { signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
  const path = Object.entries(document.paths ?? {}).find(
    ([candidate, operations]) =>
      "get" in operations && !candidate.includes("{") && !notBusinessPaths.test(candidate),
  )?.[0];
  if (!path) throw new Error(`${base}/openapi.json documents no GET without parameters to smoke-check`);
  return path;
}
