import { DomainError } from "@ecommerce/domain-kernel";
import { IntegrationOutbox } from "@ecommerce/messaging";
import { ConcurrencyConflict, isUniqueViolation, type MessageContext } from "@ecommerce/service-kit";
import type { ShipmentRepository } from "../application/ports.ts";
import { ShippingErrors } from "../domain/errors.ts";
import { type AddressSnapshot, Shipment, type TrackingStep } from "../domain/shipment.ts";
import type { ShipmentLine } from "../domain/shipment-line.ts";
import type { ShipmentStatus } from "../domain/shipment-status.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db, ShippingUnitOfWork, Tx } from "./database.ts";
import { toShipmentDocument } from "./shipment-document.ts";
import { shippingIntegrationEvents } from "./shipping-integration-events.ts";

type ShipmentRow = Prisma.ShipmentGetPayload<object>;

/** Saves the shipment with optimistic concurrency, its read-model row and its events, in one transaction. */
export class PrismaShipmentRepository implements ShipmentRepository {
  readonly #outbox = new IntegrationOutbox(shippingIntegrationEvents);

  constructor(
    private readonly db: Db,
    private readonly uow: ShippingUnitOfWork,
  ) {}

  async get(id: string): Promise<Shipment | undefined> {
    const row = await this.uow.currentOr(this.db).shipment.findUnique({ where: { id } });
    return row ? restore(row) : undefined;
  }

  async byOrder(orderId: string): Promise<Shipment | undefined> {
    const row = await this.uow.currentOr(this.db).shipment.findUnique({ where: { orderId } });
    return row ? restore(row) : undefined;
  }

  async add(shipment: Shipment, context: MessageContext): Promise<void> {
    const tx = this.uow.current();
    const s = shipment.snapshot;
    try {
      await tx.shipment.create({
        data: {
          id: shipment.id,
          orderId: s.orderId,
          customerId: s.customerId,
          lines: s.lines as unknown as Prisma.InputJsonArray,
          address: s.address as unknown as Prisma.InputJsonObject,
          createdAt: s.history[0]!.at,
          ...state(shipment),
          version: 1,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error, "shipments_order_id_key"))
        throw new DomainError(
          ShippingErrors.SHIPMENT_EXISTS,
          `order ${s.orderId} already has a shipment`,
          "conflict",
        );
      throw error;
    }
    await this.#afterWrite(tx, shipment, 1, context);
  }

  async save(shipment: Shipment, context: MessageContext): Promise<void> {
    const tx = this.uow.current();
    const next = shipment.version + 1;
    const { count } = await tx.shipment.updateMany({
      where: { id: shipment.id, version: shipment.version },
      data: { ...state(shipment), version: next },
    });
    if (count === 0) {
      const current = await tx.shipment.findUnique({ where: { id: shipment.id }, select: { version: true } });
      throw new ConcurrencyConflict("shipment", shipment.id, current?.version);
    }
    await this.#afterWrite(tx, shipment, next, context);
  }

  async #afterWrite(tx: Tx, shipment: Shipment, version: number, context: MessageContext): Promise<void> {
    const document = toShipmentDocument(shipment, version) as unknown as Prisma.InputJsonObject;
    const view = { document, version, trackingNumber: shipment.snapshot.trackingNumber };
    await tx.shipmentView.upsert({
      where: { id: shipment.id },
      create: {
        id: shipment.id,
        orderId: shipment.orderId,
        customerId: shipment.snapshot.customerId,
        ...view,
      },
      update: view,
    });
    await this.#outbox.write(tx, shipment, version, context);
    shipment.markSaved(version);
  }
}

function state(shipment: Shipment) {
  const s = shipment.snapshot;
  return {
    status: s.status,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    history: s.history.map((h) => ({ status: h.status, at: h.at.toISOString() })) as Prisma.InputJsonArray,
  };
}

function restore(row: ShipmentRow): Shipment {
  const history = row.history as { status: ShipmentStatus; at: string }[];
  return Shipment.restore(
    {
      id: row.id,
      orderId: row.orderId,
      customerId: row.customerId,
      lines: row.lines as unknown as ShipmentLine[],
      address: row.address as unknown as AddressSnapshot,
      status: row.status as ShipmentStatus,
      carrier: row.carrier,
      trackingNumber: row.trackingNumber,
      history: history.map((h): TrackingStep => ({ status: h.status, at: new Date(h.at) })),
    },
    row.version,
  );
}
