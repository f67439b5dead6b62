import { Command, loadOrThrow, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { MAX_ADJUSTMENT, MAX_STOCK_REASON_LENGTH } from "../../domain/stock-item.ts";
import { Line, Uuid } from "../field-schemas.ts";
import type { StockItemRepository } from "../ports.ts";
import { productNotFound } from "./load-product.ts";

/** Units added to or removed from the stock on hand: never 0, never more than one adjustment may move. */
export const StockDelta = (extra: object = {}) =>
  Type.Integer({ minimum: -MAX_ADJUSTMENT, maximum: MAX_ADJUSTMENT, not: { const: 0 }, ...extra });

/** Restock (delta > 0) or correct (delta < 0) a product's units on hand, with a reason. */
export class AdjustStock extends Command {
  static readonly schema = Type.Object(
    {
      productId: Uuid,
      delta: StockDelta(),
      reason: Line(MAX_STOCK_REASON_LENGTH),
    },
    { additionalProperties: false },
  );

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
    const lockRow = async (id: string) => (await this.stock.getForUpdate([id])).get(id);
    const item = await loadOrThrow(lockRow, command.productId, command, productNotFound);
    item.adjust(command.delta, command.reason);
    await this.stock.save(item);
  }
}
