import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { messagingMigrationsDir } from "@ecommerce/messaging";

// A built artifact (tools/build-service.mjs) is one bundle, so import.meta.url is the bundle's own
// (dist/main.mjs) and every migration sits in one folder beside it. From source, this file is in
// service-kit/src/runner, which has no migrations folder.
const bundled = fileURLToPath(new URL("./migrations", import.meta.url));
const serviceKitMigrations = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * A service's migration folders: its own (`prisma/migrations`) plus the tables every service keeps
 * in its database (idempotency keys from service-kit, the outbox and inbox from messaging).
 */
export function migrationSourcesOf(own: URL): string[] {
  if (existsSync(bundled)) return [bundled];
  return [fileURLToPath(own), serviceKitMigrations, messagingMigrationsDir];
}
