import { fileURLToPath } from "node:url";

/**
 * Absolute path of the outbox/inbox migrations, in Prisma's layout (`<timestamp>_<name>/migration.sql`).
 * A service's migrate command applies them with its own, against its own database.
 */
export const messagingMigrationsDir: string = fileURLToPath(new URL("../migrations", import.meta.url));

/** The channel the outbox trigger notifies on commit. */
export const OUTBOX_CHANNEL = "messaging_outbox";
