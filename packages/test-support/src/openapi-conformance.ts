import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";
import type { InjectedResponse } from "./problem-assertions.ts";

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS; depending on the loader its function is the module or its `.default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** One answer the app gave, as the document is checked against it. */
export interface RecordedAnswer {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
}

/** What `recordAnswers` needs of an app: Fastify's `inject` with options fits. */
interface Injecting {
  inject(options: unknown): Promise<InjectedResponse & { raw: { req: { method?: string; url?: string } } }>;
}

/**
 * Records every answer `app.inject({...})` gives from now on, so that a test app can check them all
 * against the app's own OpenAPI document when it closes (see `openApiViolations`). The tests that
 * use the app do not change: each answer they provoke is a contract check.
 */
export function recordAnswers(app: object): RecordedAnswer[] {
  const answers: RecordedAnswer[] = [];
  const injecting = app as Injecting;
  const inject = injecting.inject.bind(app);
  Object.defineProperty(app, "inject", {
    configurable: true,
    value: (options?: unknown, callback?: unknown) => {
      // Only the promise form with options is recorded; the chain and callback forms pass through.
      if (options === undefined || callback !== undefined)
        return (inject as (...args: unknown[]) => unknown)(options, callback);
      return inject(options).then((response) => {
        answers.push({
          method: String(response.raw.req.method ?? "GET"),
          url: String(response.raw.req.url ?? ""),
          status: response.statusCode,
          contentType: response.headers["content-type"] as string | undefined,
          body: response.body,
        });
        return response;
      });
    },
  });
  return answers;
}

function templateMatcher(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

function validatorFactory(): (schema: unknown) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const compiled = new Map<unknown, ValidateFunction>();
  return (schema) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema as object);
      compiled.set(schema, validate);
    }
    return validate;
  };
}

/**
 * Where the answers and the OpenAPI document disagree: a status the operation does not declare, a
 * content type it does not declare for that status, or a body that does not match the declared
 * schema. Answers for paths or methods the document does not have (404, 405) are not checked here.
 */
export function openApiViolations(document: unknown, answers: RecordedAnswer[]): string[] {
  const paths = Object.entries((document as OpenApiDocument).paths ?? {}).map(
    ([template, item]) => [templateMatcher(template), template, item] as const,
  );
  const validator = validatorFactory();
  const violations = new Set<string>();
  for (const answer of answers) {
    const path = answer.url.split("?")[0] ?? "";
    const found = paths.find(([matcher]) => matcher.test(path));
    const operation = found?.[2][answer.method.toLowerCase()];
    if (!found || !operation) continue;
    const where = `${answer.method} ${found[1]} answered ${answer.status}`;
    const declared = operation.responses?.[String(answer.status)] ?? operation.responses?.default;
    if (!declared) {
      violations.add(`${where}, a status the document does not declare`);
      continue;
    }
    if (answer.body === "" || answer.status === 304) continue;
    const mediaType = (answer.contentType ?? "").split(";")[0]?.trim() ?? "";
    const content = declared.content ?? {};
    const media = content[mediaType] ?? content["*/*"];
    if (!media) {
      const listed = Object.keys(content).join(", ") || "no content";
      violations.add(`${where} as ${mediaType}; the document declares ${listed}`);
      continue;
    }
    if (media.schema === undefined || !mediaType.includes("json")) continue;
    const validate = validator(media.schema);
    if (!validate(JSON.parse(answer.body))) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message}`);
      violations.add(`${where} with a body the schema refuses: ${problems.join("; ")}`);
    }
  }
  return [...violations];
}

/**
 * Checks the recorded answers against the app's document; throws listing every disagreement.
 * `knownDefects` lets through disagreements that an open defect explains (each with its reason):
 * remove an entry when the defect is fixed.
 */
export async function expectAnswersMatchOpenApi(
  app: { inject(options: { method: "GET"; url: string }): Promise<InjectedResponse> },
  answers: RecordedAnswer[],
  knownDefects: RegExp[] = [],
): Promise<void> {
  const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
  const violations = openApiViolations(document, answers).filter(
    (violation) => !knownDefects.some((defect) => defect.test(violation)),
  );
  if (violations.length > 0) {
    throw new Error(`the OpenAPI document does not describe these answers:\n  ${violations.join("\n  ")}`);
  }
}

interface DocumentedOperation {
  parameters?: { in: string; name: string; description?: string }[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/**
 * The document tells the truth about errors: every error response of every operation is
 * problem+json; every operation declares what any request may meet (431, 500, the 503 of load
 * shedding), those with a body 413 and 415, those with path parameters 414; If-Match appears only on
 * operations that change an existing resource (never on a create, which answers 201), and says
 * what it takes. Returns the operations checked, for further assertions.
 */
export function expectErrorResponsesDeclared(document: unknown): string[] {
  const checked: string[] = [];
  const paths = (document as { paths?: Record<string, Record<string, DocumentedOperation>> }).paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = operation.responses ?? {};
      const expected = ["431", "500", "503"];
      if (["post", "put", "patch", "delete"].includes(method)) expected.push("413", "415");
      if (path.includes("{")) expected.push("414");
      for (const status of expected)
        expect(Object.keys(responses), `${where} declares ${status}`).toContain(status);
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual([
          "application/problem+json",
        ]);
      }
      const ifMatch = operation.parameters?.find((p) => p.in === "header" && p.name === "if-match");
      if ("201" in responses) expect(ifMatch, `${where} creates: nothing to match`).toBeUndefined();
      if (ifMatch) expect(ifMatch.description ?? "", `${where} If-Match`).toMatch(/ETag.*e\.g\. "/);
      checked.push(where);
    }
  }
  return checked;
}
