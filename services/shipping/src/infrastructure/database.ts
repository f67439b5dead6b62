import { type PoolOptions, type PrismaUnitOfWork, prismaPgAdapter } from "@ecommerce/service-kit";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export type ShippingUnitOfWork = PrismaUnitOfWork<Tx>;

/** One pool per service process; Prisma runs on it through the pg driver adapter (no engine binary). */
export function createPrisma(options: PoolOptions): Db {
  return new PrismaClient({ adapter: prismaPgAdapter(options) });
}
