import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test starts real processes (PostgreSQL, services); a busy two-core machine is slow at it.
    testTimeout: 420_000,
    hookTimeout: 60_000,
  },
});
