import { HttpProblem } from "@ecommerce/service-kit";
import { expect } from "vitest";
import type { Db } from "../../src/infrastructure/database.ts";
import { snapshot } from "./orders-api.ts";

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Sends a message straight to the mediator (no HTTP schema in front of it) and checks that its own
 * schema refused it: a 400 validation_failed naming `field`, and not one row written. Returns the
 * field errors, for a test that wants their messages.
 */
export async function expectRefused(
  db: Db,
  send: () => Promise<unknown>,
  field: string,
): Promise<FieldError[]> {
  const before = await snapshot(db);
  const failure = await send().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure, "the mediator accepted the message").toBeInstanceOf(HttpProblem);
  const problem = failure as HttpProblem;
  expect({ status: problem.status, code: problem.code }, problem.message).toEqual({
    status: 400,
    code: "validation_failed",
  });
  const errors = (problem.extra.errors ?? []) as FieldError[];
  expect(errors.map((e) => e.field)).toContain(field);
  expect(await snapshot(db), "the refused message wrote to the database").toEqual(before);
  return errors;
}
