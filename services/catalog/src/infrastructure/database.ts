import { type PoolOptions, type PrismaUnitOfWork, pgPoolConfig } from "@ecommerce/service-kit";
import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export type CatalogUnitOfWork = PrismaUnitOfWork<Tx>;

/** One pool per service process; Prisma runs on it through the pg driver adapter (no engine binary). */
export function createPrisma(options: PoolOptions): Db {
  return new PrismaClient({ adapter: new PrismaPg(pgPoolConfig(options)) });
}

/** A unique index refused the write (Prisma's P2002, or PostgreSQL's 23505 from raw SQL). */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  const e = error as { code?: string; message?: string; meta?: unknown; cause?: { code?: string } };
  const unique = e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505";
  if (!unique || index === undefined) return unique;
  return `${e.message ?? ""} ${JSON.stringify(e.meta ?? {})}`.includes(index);
}
