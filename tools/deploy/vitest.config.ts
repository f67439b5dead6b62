import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Describes every service once (a process per service) and hands the result to every test file.
    globalSetup: ["test/support/describe-services-setup.ts"],
    // Each artifact test starts real service processes on a busy two-core machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
