import { expectMessageRefused, type FieldError } from "@ecommerce/test-support";
import { expect } from "vitest";
import type { Db } from "../../src/infrastructure/database.ts";
import { snapshot } from "./orders-api.ts";

/**
 * Sends a message straight to the mediator (no HTTP schema in front of it) and checks that its own
 * schema refused it naming `field`, with not one row written. Returns the field errors, for a test
 * that wants their messages.
 */
export async function expectRefused(
  db: Db,
  send: () => Promise<unknown>,
  field: string,
): Promise<FieldError[]> {
  const errors = await expectMessageRefused(send, () => snapshot(db));
  expect(errors.map((e) => e.field)).toContain(field);
  return errors;
}
