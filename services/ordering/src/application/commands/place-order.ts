import { DomainError, newId } from "@ecommerce/domain-kernel";
import { Command, type MessageContext, type MessageHandler } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { OrderingErrors } from "../../domain/errors.ts";
import { MAX_LINES_PER_ORDER, Order } from "../../domain/order.ts";
import { DEFAULT_PAYMENT_METHOD, paymentMethod } from "../../domain/payment-method.ts";
import { type ShippingAddress, shippingAddress } from "../../domain/shipping-address.ts";
import {
  PaymentMethodSchema,
  RequestedAddressSchema,
  RequestedLineSchema,
  Uuid,
} from "../message-schemas.ts";
import type { BuyerDirectory, OrderRepository, ProductPricing, RequestedLine } from "../ports.ts";
import { commandTrigger } from "../status-triggers.ts";

/** An address as the client may send it: the recipient defaults to the buyer's name. */
export type RequestedAddress = Omit<ShippingAddress, "recipient"> & { recipient?: string | undefined };

export class PlaceOrder extends Command<string> {
  static readonly schema = Type.Object(
    {
      customerId: Uuid,
      lines: Type.Array(RequestedLineSchema, { maxItems: MAX_LINES_PER_ORDER }),
      shippingAddress: Type.Optional(RequestedAddressSchema),
      paymentMethod: Type.Optional(PaymentMethodSchema),
    },
    { additionalProperties: false },
  );

  constructor(
    readonly customerId: string,
    readonly lines: RequestedLine[],
    readonly shippingAddress?: RequestedAddress | undefined,
    /** The payment provider's token billing charges; the default token when the client names none. */
    readonly paymentMethod?: { token: string } | undefined,
  ) {
    super();
  }
}

export class PlaceOrderHandler implements MessageHandler<PlaceOrder> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly buyers: BuyerDirectory,
    private readonly pricing: ProductPricing,
    private readonly defaultCurrency: string,
  ) {}

  async handle(command: PlaceOrder, context: MessageContext): Promise<string> {
    const buyer = await this.buyers.find(command.customerId);
    if (!buyer) {
      throw new DomainError(
        OrderingErrors.ORDER_UNKNOWN_CUSTOMER,
        `customer ${command.customerId} is not known to ordering`,
      );
    }
    const lines = [];
    for (const line of command.lines) {
      lines.push({ ...line, unitPrice: await this.pricing.priceOf(line.productId) });
    }
    const requested = command.shippingAddress;
    const address = requested
      ? shippingAddress({ ...requested, recipient: requested.recipient ?? buyer.name })
      : buyer.defaultShippingAddress;
    const currency = lines[0]?.unitPrice.currency ?? this.defaultCurrency;
    const order = Order.place(newId(), buyer, currency, lines, address, new Date(), {
      paymentMethod: command.paymentMethod
        ? paymentMethod(command.paymentMethod.token)
        : DEFAULT_PAYMENT_METHOD,
      causedBy: commandTrigger(command, context),
    });
    await this.orders.add(order);
    return order.id;
  }
}
