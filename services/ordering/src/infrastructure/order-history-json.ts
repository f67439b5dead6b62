import type { StatusChangeDto } from "../application/queries/order-dto.ts";
import type { StatusChange } from "../domain/order-history.ts";

/** An order's history as stored (orders.history) and answered (the read model's document). */
export function historyToJson(history: readonly StatusChange[]): StatusChangeDto[] {
  return history.map((change) => ({
    status: change.status,
    at: change.at.toISOString(),
    ...(change.cause ? { cause: change.cause } : {}),
    ...(change.causedBy ? { causedBy: { ...change.causedBy } } : {}),
  }));
}

export function historyFromJson(json: unknown): StatusChange[] {
  return (json as StatusChangeDto[]).map((change) => ({ ...change, at: new Date(change.at) }));
}
