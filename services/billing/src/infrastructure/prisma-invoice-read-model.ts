import { isUuid } from "@ecommerce/domain-kernel";
import { decodeCursor, encodeCursor } from "@ecommerce/service-kit";
import type { InvoiceDocument, InvoicePage, InvoiceReadModel } from "../application/queries/invoice-dto.ts";
import type { Db } from "./database.ts";

/** Reads invoice documents as they were projected; ids are UUIDv7, so id order is issue order. */
export class PrismaInvoiceReadModel implements InvoiceReadModel {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<InvoiceDocument | undefined> {
    const row = await this.db.invoiceView.findUnique({ where: { id }, select: { document: true } });
    return row ? (row.document as unknown as InvoiceDocument) : undefined;
  }

  async list(
    filter: { orderId?: string; customerId?: string },
    page: { cursor?: string; limit: number },
  ): Promise<InvoicePage> {
    const rows = await this.db.invoiceView.findMany({
      where: { ...filter, ...(page.cursor ? { id: { gt: decodeIdCursor(page.cursor) } } : {}) },
      orderBy: { id: "asc" },
      take: page.limit + 1,
      select: { id: true, document: true },
    });
    const items = rows.slice(0, page.limit).map((r) => r.document as unknown as InvoiceDocument);
    const last = rows[page.limit - 1];
    return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.id]) : null };
  }
}

function decodeIdCursor(cursor: string): string {
  const [id = ""] = decodeCursor(cursor, 1, ([id = ""]) => isUuid(id));
  return id;
}
