import { type Command, HttpProblem, type Query } from "@ecommerce/service-kit";
import { expect } from "vitest";
import { snapshot } from "./catalog-api.ts";
import type { CatalogTestApp } from "./catalog-test-app.ts";

/**
 * Sends a command (or asks a query) straight through the app's mediator, past HTTP, and checks that
 * the validation behaviour refused it: a 400 validation_failed naming exactly `fields`, and nothing
 * written to any table (the outbox and inbox included).
 */
export async function expectRefused(
  t: CatalogTestApp,
  message: Command<unknown> | Query<unknown>,
  fields: string[],
): Promise<void> {
  const before = await snapshot(t.db);
  const sent = message.kind === "command" ? t.mediator.send(message) : t.mediator.ask(message);
  const error = await sent.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${message.messageName} was not refused by its schema`).toBeInstanceOf(HttpProblem);
  expect(error).toMatchObject({
    status: 400,
    code: "validation_failed",
    message: `${message.messageName} is invalid`,
  });
  const named = ((error as HttpProblem).extra.errors as { field: string }[]).map((e) => e.field);
  expect([...new Set(named)].sort()).toEqual([...fields].sort());
  expect(await snapshot(t.db), `the refused ${message.messageName} wrote to the database`).toEqual(before);
}
