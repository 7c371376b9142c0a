import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.test.ts", "mock/**/*.test.ts", "client/**/*.test.ts", "contract-tests/**/*.test.ts", "fuzz/**/*.test.ts", "postman/**/*.test.ts", "scripts/**/*.test.ts", "receiver/**/*.test.ts", "bin/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
