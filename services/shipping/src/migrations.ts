import { migrationSourcesOf } from "@ecommerce/service-kit";

/** This service's migrations, with the shared tables every service keeps (idempotency, outbox, inbox). */
export const migrationSources = migrationSourcesOf(new URL("../prisma/migrations", import.meta.url));
