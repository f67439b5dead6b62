import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files spend most of their time waiting on PostgreSQL: two workers keep both cores busy.
    maxWorkers: 2,
  },
});
