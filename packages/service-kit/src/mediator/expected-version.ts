import { StaleVersion } from "../errors/application-error.ts";
import type { Command } from "./message.ts";

/** If-Match: the client changed what it saw at `expectedVersion`; anything newer means it is stale. */
export function assertExpectedVersion(command: Command<unknown>, actualVersion: number): void {
  if (command.expectedVersion !== undefined && command.expectedVersion !== actualVersion) {
    throw new StaleVersion(command.expectedVersion, actualVersion);
  }
}
