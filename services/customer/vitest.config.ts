import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share nothing but module caches (each builds its own app on its own database), so
    // they run without per-file isolation: the bus and Prisma modules load once per worker, not once
    // per file, which more than halves the run.
    isolate: false,
  },
});
