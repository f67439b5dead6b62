import { Currency, Money } from "@ecommerce/domain-kernel";
import { ConcurrencyConflict } from "@ecommerce/service-kit";
import type { OrderRepository } from "../application/ports.ts";
import { Order } from "../domain/order.ts";
import { OrderLine } from "../domain/order-line.ts";
import type { OrderStatus } from "../domain/order-status.ts";
import { paymentMethod } from "../domain/payment-method.ts";
import type { ShippingAddress } from "../domain/shipping-address.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { Db, OrderingUnitOfWork, Tx } from "./database.ts";
import { toOrderDocument } from "./order-document.ts";
import { historyFromJson, historyToJson } from "./order-history-json.ts";

/** Everything an order's save writes besides its own rows, in the same transaction. */
export interface OrderSaveListener {
  onSaved(tx: Tx, order: Order, version: number): Promise<void>;
}

/**
 * Saves the aggregate with optimistic concurrency (the UPDATE only matches the version it was
 * loaded at), refreshes its read-model row, and hands its domain events to the listeners (the
 * outbox) — all inside the command's transaction.
 */
export class PrismaOrderRepository implements OrderRepository {
  constructor(
    private readonly db: Db,
    private readonly uow: OrderingUnitOfWork,
    private readonly listeners: OrderSaveListener[] = [],
  ) {}

  async get(id: string): Promise<Order | undefined> {
    const row = await this.uow.currentOr(this.db).order.findUnique({
      where: { id },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    if (!row) return undefined;
    const digits = Currency.minorDigits(row.currency);
    const lines = row.lines.map((l) =>
      OrderLine.create(l.productId, l.quantity, Money.of(l.unitPrice.toFixed(digits), row.currency)),
    );
    return Order.restore(
      {
        id: row.id,
        customerId: row.customerId,
        orderDate: row.orderDate,
        status: row.status as OrderStatus,
        currency: row.currency,
        cancellationReason: row.cancellationReason,
        shippingAddress: row.shippingAddress as unknown as ShippingAddress | null,
        lines,
        paymentMethod: paymentMethod(row.paymentToken),
        history: historyFromJson(row.history),
      },
      row.version,
    );
  }

  async add(order: Order): Promise<void> {
    const tx = this.uow.current();
    await tx.order.create({
      data: {
        id: order.id,
        customerId: order.customerId,
        orderDate: order.orderDate,
        status: order.status,
        currency: order.currency,
        cancellationReason: order.cancellationReason,
        shippingAddress: jsonOrNull(order.shippingAddress),
        paymentToken: order.paymentMethod.token,
        history: historyJson(order),
        version: 1,
      },
    });
    await this.#writeLines(tx, order);
    await this.#afterWrite(tx, order, 1);
  }

  async save(order: Order): Promise<void> {
    const tx = this.uow.current();
    const next = order.version + 1;
    const { count } = await tx.order.updateMany({
      where: { id: order.id, version: order.version },
      data: {
        status: order.status,
        cancellationReason: order.cancellationReason,
        history: historyJson(order),
        version: next,
      },
    });
    if (count === 0) {
      const current = await tx.order.findUnique({ where: { id: order.id }, select: { version: true } });
      throw new ConcurrencyConflict("order", order.id, current?.version);
    }
    await tx.orderLine.deleteMany({ where: { orderId: order.id } });
    await this.#writeLines(tx, order);
    await this.#afterWrite(tx, order, next);
  }

  async #writeLines(tx: Tx, order: Order): Promise<void> {
    if (order.lines.length === 0) return;
    await tx.orderLine.createMany({
      data: order.lines.map((l, position) => ({
        orderId: order.id,
        productId: l.productId,
        position,
        quantity: l.quantity,
        unitPrice: l.unitPrice.amount,
      })),
    });
  }

  async #afterWrite(tx: Tx, order: Order, version: number): Promise<void> {
    const document = toOrderDocument(order, version) as unknown as Prisma.InputJsonObject;
    const view = {
      customerId: order.customerId,
      status: order.status,
      version,
      document,
      orderDate: order.orderDate,
      updatedAt: new Date(),
    };
    await tx.orderView.upsert({ where: { id: order.id }, create: { id: order.id, ...view }, update: view });
    for (const listener of this.listeners) await listener.onSaved(tx, order, version);
    order.markSaved(version);
  }
}

function historyJson(order: Order): Prisma.InputJsonArray {
  return historyToJson(order.history) as unknown as Prisma.InputJsonArray;
}

function jsonOrNull(value: object | null): Prisma.InputJsonObject | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : ({ ...value } as Prisma.InputJsonObject);
}
