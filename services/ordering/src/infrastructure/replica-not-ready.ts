/**
 * A change arrived for something the replica has not seen created yet (its creation event is late,
 * or waiting in dead letters). Failing the delivery rolls back the inbox row, so the change is
 * retried later instead of being recorded as handled and lost.
 */
export class ReplicaNotReady extends Error {
  constructor(what: string, id: string) {
    super(`${what} ${id} is not in the replica yet; retrying the change later`);
    this.name = "ReplicaNotReady";
  }
}
