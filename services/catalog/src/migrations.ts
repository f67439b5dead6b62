import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { messagingMigrationsDir } from "@ecommerce/messaging";
import { serviceKitMigrationsDir } from "@ecommerce/service-kit";

// A built artifact carries every migration in one folder beside its bundle (tools/build-service.mjs).
const bundled = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Catalog's schema: its own migrations plus the shared tables every service keeps in its database
 * (idempotency keys, the outbox and the inbox).
 */
export const migrationSources = existsSync(bundled)
  ? [bundled]
  : [
      fileURLToPath(new URL("../prisma/migrations", import.meta.url)),
      serviceKitMigrationsDir,
      messagingMigrationsDir,
    ];
