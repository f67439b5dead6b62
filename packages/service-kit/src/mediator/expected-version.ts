import { PreconditionFailedProblem } from "../http/problems.ts";
import type { Command } from "./message.ts";

/** If-Match: the client changed what it saw at `expectedVersion`; anything newer means it is stale. */
export function assertExpectedVersion(command: Command<unknown>, actualVersion: number): void {
  if (command.expectedVersion !== undefined && command.expectedVersion !== actualVersion) {
    throw new PreconditionFailedProblem(command.expectedVersion, actualVersion);
  }
}
