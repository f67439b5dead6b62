import { assertExpectedVersion, Command, type MessageHandler } from "@ecommerce/service-kit";
import type { StockItemRepository } from "../ports.ts";
import { productNotFound } from "./load-product.ts";

/** Restock (delta > 0) or correct (delta < 0) a product's units on hand, with a reason. */
export class AdjustStock extends Command {
  constructor(
    readonly productId: string,
    readonly delta: number,
    readonly reason: string,
    expectedVersion?: number,
  ) {
    super();
    this.expectedVersion = expectedVersion;
  }
}

export class AdjustStockHandler implements MessageHandler<AdjustStock> {
  constructor(private readonly stock: StockItemRepository) {}

  async handle(command: AdjustStock): Promise<void> {
    // Stock rows are hot (every sale writes them): lock the row rather than race on its version.
    const item = (await this.stock.getForUpdate([command.productId])).get(command.productId);
    if (!item) throw productNotFound(command.productId);
    assertExpectedVersion(command, item.version);
    item.adjust(command.delta, command.reason);
    await this.stock.save(item);
  }
}
