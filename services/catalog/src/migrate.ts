// `pnpm db:migrate`: applies catalog's pending migrations to DATABASE_URL.
import { ensureDatabase, loadConfig, migrate } from "@ecommerce/service-kit";
import { Type } from "typebox";
import { migrationSources } from "./migrations.ts";

try {
  const { DATABASE_URL } = loadConfig(
    Type.Object({ DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }) }),
  );
  if (await ensureDatabase(DATABASE_URL)) console.log("created the catalog database");
  const applied = await migrate({ databaseUrl: DATABASE_URL, sources: migrationSources, log: console.log });
  console.log(`catalog: ${applied.length} migration(s) applied`);
} catch (error) {
  console.error(`catalog: migration failed: ${(error as Error).message}`);
  process.exit(1);
}
