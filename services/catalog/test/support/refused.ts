import type { Command, Query } from "@ecommerce/service-kit";
import { expectMessageRefused } from "@ecommerce/test-support";
import { expect } from "vitest";
import { snapshot } from "./catalog-api.ts";
import type { CatalogTestApp } from "./catalog-test-app.ts";

/**
 * Sends a command (or asks a query) straight through the app's mediator, past HTTP, and checks that
 * the validation behaviour refused it naming exactly `fields`, with nothing written to any table (the
 * outbox and inbox included).
 */
export async function expectRefused(
  t: CatalogTestApp,
  message: Command<unknown> | Query<unknown>,
  fields: string[],
): Promise<void> {
  const send = () => (message.kind === "command" ? t.mediator.send(message) : t.mediator.ask(message));
  const errors = await expectMessageRefused(send, () => snapshot(t.db), message.messageName);
  expect([...new Set(errors.map((e) => e.field))].sort()).toEqual([...fields].sort());
}
