import { isUuid } from "@ecommerce/domain-kernel";
import { decodeCursor, encodeCursor } from "@ecommerce/service-kit";
import type {
  ShipmentDocument,
  ShipmentPage,
  ShipmentReadModel,
} from "../application/queries/shipment-dto.ts";
import type { Db } from "./database.ts";

/** Reads shipment documents as they were projected; ids are UUIDv7, so id order is creation order. */
export class PrismaShipmentReadModel implements ShipmentReadModel {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<ShipmentDocument | undefined> {
    const row = await this.db.shipmentView.findUnique({ where: { id }, select: { document: true } });
    return row ? (row.document as unknown as ShipmentDocument) : undefined;
  }

  async byTracking(trackingNumber: string): Promise<ShipmentDocument | undefined> {
    const row = await this.db.shipmentView.findFirst({
      where: { trackingNumber },
      select: { document: true },
    });
    return row ? (row.document as unknown as ShipmentDocument) : undefined;
  }

  async list(
    filter: { orderId: string; customerId?: string | undefined },
    page: { cursor?: string; limit: number },
  ): Promise<ShipmentPage> {
    const rows = await this.db.shipmentView.findMany({
      where: {
        orderId: filter.orderId,
        ...(filter.customerId ? { customerId: filter.customerId } : {}),
        ...(page.cursor ? { id: { gt: decodeIdCursor(page.cursor) } } : {}),
      },
      orderBy: { id: "asc" },
      take: page.limit + 1,
      select: { id: true, document: true },
    });
    const items = rows.slice(0, page.limit).map((r) => r.document as unknown as ShipmentDocument);
    const last = rows[page.limit - 1];
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.id]) : null };
  }
}

function decodeIdCursor(cursor: string): string {
  const [id = ""] = decodeCursor(cursor, 1, ([id = ""]) => isUuid(id));
  return id;
}
