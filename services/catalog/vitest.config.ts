import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The files share nothing through module state (each builds its own app on its own database),
    // so each worker keeps its modules between files instead of importing Prisma and Fastify again.
    isolate: false,
  },
});
