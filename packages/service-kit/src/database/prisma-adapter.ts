import { PreparedStatementNames } from "@ecommerce/messaging";
import { PrismaPg } from "@prisma/adapter-pg";
import { type PoolOptions, pgPoolConfig } from "./pg-pool-config.ts";

/**
 * The driver adapter every service's PrismaClient runs on: the kit's pool settings, and Prisma's
 * statements prepared by name. Unnamed (Prisma's default), PostgreSQL parses and plans each of them
 * on every call; in the order lifecycle benchmark that was a large share of the services' database CPU.
 */
export function prismaPgAdapter(options: PoolOptions): PrismaPg {
  const names = new PreparedStatementNames("prisma");
  return new PrismaPg(pgPoolConfig(options), {
    // Past the bound a text runs unnamed: pg takes an undefined name as "no name".
    statementNameGenerator: (query) => names.nameFor(query.sql) as string,
  });
}
