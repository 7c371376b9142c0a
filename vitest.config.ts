import { defineConfig } from "vitest/config";

/** The behaviour tests that run twice: with the in-memory store and with the Redis store (the "redis" project). */
const BOTH_STORES = [
  "mock/routes/*.test.ts",
  "mock/control/*.test.ts",
  "mock/push/push-flow.test.ts",
  "mock/domain/rules.test.ts",
  "mock/regressions.test.ts",
  "mock/http/auth.test.ts",
  "mock/http/tokens/*.test.ts",
  "fuzz/stores.test.ts",
  "mock/faults/faults.test.ts",
  "contract-tests/stores.test.ts",
];

export default defineConfig({
  test: {
    // Vitest's default in a run is one worker less than the CPUs: one file at a time on a 2-core machine. The tests
    // mostly wait on sockets, Redis and child processes, so one worker per CPU keeps both busy.
    maxWorkers: "100%",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "memory",
          include: ["spec/**/*.test.ts", "mock/**/*.test.ts", "client/**/*.test.ts", "contract-tests/**/*.test.ts", "fuzz/**/*.test.ts", "postman/**/*.test.ts", "scripts/**/*.test.ts", "receiver/**/*.test.ts", "bin/**/*.test.ts"],
        },
      },
      { extends: true, test: { name: "redis", include: BOTH_STORES, globalSetup: ["mock/state/redis/global-setup.ts"] } },
    ],
  },
});
