import { runAsSystem } from "@ecommerce/service-kit";
import type { Logger } from "pino";
import type { PaymentLeases } from "../ports.ts";
import type { PaymentCollector } from "./payment-collector.ts";

/**
 * Finds charges and refunds nobody is doing (their instance died mid-way, or the provider was down
 * for longer than the retries) and does them. Runs on every write instance; leases keep two from
 * taking the same invoice.
 */
export class PaymentSweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly collector: PaymentCollector,
    private readonly leases: PaymentLeases,
    private readonly logger: Logger,
    private readonly intervalMs = 5_000,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** Stops taking work and waits for the round in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One round: every invoice that is due, a few at a time. Returns how many it settled. */
  async sweep(): Promise<number> {
    let done = 0;
    while (!this.#stopped) {
      const due = await this.leases.claimDue(8, this.collector.leaseMs);
      if (due.length === 0) break;
      // Nobody asked for this work: it is audited as the sweeper's, each invoice in a chain of its own.
      const results = await Promise.allSettled(
        due.map((id) => runAsSystem("payment-sweeper", () => this.collector.settle(id, true))),
      );
      for (const [i, r] of results.entries()) {
        if (r.status === "rejected")
          this.logger.error({ err: r.reason, invoiceId: due[i] }, "payment sweep failed");
        else done++;
      }
    }
    return done;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, "payment sweep failed"))
        .finally(() => this.#schedule());
    }, this.intervalMs);
    this.#timer.unref();
  }
}
