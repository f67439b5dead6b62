import { ApplicationError, KitErrors } from "@ecommerce/service-kit";
import type { CustomerDto, CustomerReadModel, Page } from "../application/queries/customer-dto.ts";
import type { Db } from "./database.ts";

/** Reads the customer_view documents: one indexed row per customer, no joins. */
export class PrismaCustomerReadModel implements CustomerReadModel {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<CustomerDto | undefined> {
    // The hottest query: plain SQL skips the ORM's query building.
    const rows = await this.db.$queryRawUnsafe<{ document: CustomerDto }[]>(
      "SELECT document FROM customer_view WHERE id = $1::uuid",
      id,
    );
    return rows[0]?.document;
  }

  async findByEmail(normalizedEmail: string): Promise<CustomerDto | undefined> {
    const rows = await this.db.$queryRawUnsafe<{ document: CustomerDto }[]>(
      "SELECT document FROM customer_view WHERE email_normalized = $1",
      normalizedEmail,
    );
    return rows[0]?.document;
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<CustomerDto>> {
    const rows = await this.db.customerView.findMany({
      where: cursor ? { id: { lt: decodeCursor(cursor) } } : {},
      orderBy: { id: "desc" },
      take: limit + 1,
      select: { id: true, document: true },
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => r.document as unknown as CustomerDto),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }
}

// Ids are UUID v7, so the id alone orders the list newest first and serves as the cursor.
function encodeCursor(id: string): string {
  return Buffer.from(id).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!UUID.test(id))
    throw new ApplicationError(KitErrors.INVALID_CURSOR, "cursor is not one this API returned", "malformed");
  return id;
}
