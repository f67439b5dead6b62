import { assertExpectedVersion } from "./expected-version.ts";
import type { Command } from "./message.ts";

/**
 * Loads the aggregate a command acts on: `notFound(id)` is thrown when it does not exist (the
 * context's own not-found error), and a stale If-Match version fails as assertExpectedVersion says.
 */
export async function loadOrThrow<T extends { readonly version: number }>(
  load: (id: string) => Promise<T | undefined>,
  id: string,
  command: Command<unknown>,
  notFound: (id: string) => Error,
): Promise<T> {
  const aggregate = await load(id);
  if (!aggregate) throw notFound(id);
  assertExpectedVersion(command, aggregate.version);
  return aggregate;
}
