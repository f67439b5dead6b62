import { expect } from "vitest";

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Sends a command or query straight to a mediator (past the HTTP schemas) and checks that the
 * validation behaviour refused it: a `validation_failed` refusal of kind `malformed` (service-kit's
 * InvalidMessage, which the HTTP edge answers with 400) with
 * field errors, and the database exactly as before (`snapshot` reads every table). With
 * `messageName`, the detail must name the message. Returns the field errors for further checks.
 */
export async function expectMessageRefused(
  send: () => Promise<unknown>,
  snapshot: () => Promise<unknown>,
  messageName?: string,
): Promise<FieldError[]> {
  const before = await snapshot();
  const outcome = await send().then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) {
    expect.fail(`${messageName ?? "the message"} was not refused: ${JSON.stringify(outcome.result)}`);
  }
  const problem = outcome.error as {
    kind?: string;
    code?: string;
    message?: string;
    details?: { errors?: FieldError[] };
  };
  expect(problem, String(problem)).toBeInstanceOf(Error);
  expect({ kind: problem.kind, code: problem.code }, problem.message).toEqual({
    kind: "malformed",
    code: "validation_failed",
  });
  if (messageName) expect(problem.message).toBe(`${messageName} is invalid`);
  const errors = problem.details?.errors ?? [];
  expect(errors.length, "the refusal names no field").toBeGreaterThan(0);
  for (const error of errors) expect(error.message).toEqual(expect.any(String));
  expect(await snapshot(), `the refused ${messageName ?? "message"} wrote to the database`).toEqual(before);
  return errors;
}
