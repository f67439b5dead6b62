import { DomainError, Money } from "@ecommerce/domain-kernel";
import type { ProductPricing, RequestedLine } from "../application/ports.ts";

/**
 * Until ordering keeps a replica of catalog prices, a line is priced with the price the request
 * carries. The port stays the same when the replica replaces this adapter.
 */
export class RequestPricing implements ProductPricing {
  async priceOf(line: RequestedLine, _currency: string): Promise<Money> {
    if (!line.unitPrice) {
      throw new DomainError("order.price_required", `a unit price is required for product ${line.productId}`);
    }
    return Money.fromJSON(line.unitPrice);
  }
}
