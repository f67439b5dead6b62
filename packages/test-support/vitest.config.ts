import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // CREATE DATABASE waits its turn while every other suite creates theirs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
