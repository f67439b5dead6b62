import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // One fleet of processes at a time: the machine has two cores.
    fileParallelism: false,
  },
});
