import type { Db } from "./database.ts";
import type { SimulatedLedger } from "./simulated-payment-provider.ts";

/** The simulated provider's memory in billing's database, shared by every billing instance. */
export class PrismaSimulatedLedger implements SimulatedLedger {
  constructor(private readonly db: Db) {}

  async countCall(key: string): Promise<number> {
    const rows = await this.db.$queryRaw<{ calls: number }[]>`
      INSERT INTO simulated_payments (idempotency_key, calls) VALUES (${key}, 1)
      ON CONFLICT (idempotency_key) DO UPDATE SET calls = simulated_payments.calls + 1
      RETURNING calls`;
    return rows[0]!.calls;
  }

  async recordOnce<T extends object>(key: string, result: T): Promise<T> {
    // Only the first result sticks: a concurrent second call with the same key reads the first.
    const rows = await this.db.$queryRaw<{ result: T }[]>`
      UPDATE simulated_payments SET result = COALESCE(result, ${JSON.stringify(result)}::jsonb)
      WHERE idempotency_key = ${key}
      RETURNING result`;
    return rows[0]?.result ?? result;
  }
}
