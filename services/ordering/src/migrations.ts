import { fileURLToPath } from "node:url";
import { serviceKitMigrationsDir } from "@ecommerce/service-kit";

/** Ordering's schema: its own migrations plus the shared tables every service keeps in its database. */
export const migrationSources = [fileURLToPath(new URL("../prisma/migrations", import.meta.url)), serviceKitMigrationsDir];
