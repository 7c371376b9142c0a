import { BaseSequencer, type TestSpecification } from "vitest/node";
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

/**
 * Files that each take a worker for tens of seconds (newman and the contract suite once per defect of the bank, the
 * fuzzer's bank, npm pack, the benchmark's smoke run, the browser). A clean clone has no timing cache, so vitest would
 * order by file size and could start one of them last, leaving the other worker idle at the end.
 */
const HEAVY = ["postman/defects.test.ts", "contract-tests/defects.test.ts", "fuzz/bank.test.ts", "scripts/package.test.ts", "scripts/bench.test.ts", "mock/ui/console.test.ts"];

class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const weight = (f: TestSpecification) => {
      const i = HEAVY.findIndex((h) => f.moduleId.endsWith(`/${h}`));
      return i === -1 ? HEAVY.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => weight(a.f) - weight(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    // Vitest's default in a run is one worker less than the CPUs: one file at a time on a 2-core machine. The tests
    // wait on sockets, Redis, child processes and the timers some proofs need (a lock that must expire, a token that
    // must outlive its lifetime), so three workers keep two cores busy: on the 2-core machine 124-129 s for vitest
    // against 145-151 s with two (the same files and about the same CPU).
    maxWorkers: 3,
    // Each worker keeps its modules from one file to the next: the spec's validators, Express and the mock are loaded
    // once per worker instead of once per file (about a quarter of the run's CPU). Tests share no state through them:
    // every test starts its own mock, and the few that stub an environment variable or a stream restore it.
    isolate: false,
    sequence: { sequencer: HeavyFirst },
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
