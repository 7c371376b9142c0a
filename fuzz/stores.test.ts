// The fuzzer against the mock itself, with every check and the mock's own rules, on the store of the project running
// it (memory, or the run's Redis in the "redis" project): it finds nothing, covers every operation, and deletes what
// it created. `npm run fuzz -- --max-requests 20000 [--store redis://…]` goes further.
import { randomUUID } from "node:crypto";
import { expect, inject, it } from "vitest";
import { createValidators } from "../spec/validators.js";
import { describeFailure } from "./report.js";
import { runFuzz } from "./run.js";

/** FUZZ_SEED=n npm test explores other requests; by default every run sends the same ones. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

it("answers every generated request and sequence as the spec and the mock's rules say, and deletes what it created", async () => {
  const store = inject("mockStore");
  const report = await runFuzz({ seed: SEED, maxRequests: 2000, ...(store ? { mockStore: { url: store, prefix: `fz${randomUUID().slice(0, 8)}:` } } : {}) });
  expect(report.failures.map(describeFailure)).toEqual([]);
  expect(report.requests).toBe(2000);
  expect(report.sequences).toBeGreaterThan(10);
  // Every operation the mock serves, the token endpoint, and requests that match no route at all.
  const served = createValidators().spec.operations.filter((op) => !op.webhook).map((op) => op.operationId);
  expect([...report.byOperation.keys()].sort()).toEqual([...served, "(none)"].sort());
  expect(report.cleanup.failed).toEqual([]);
  expect(report.cleanup.deleted).toBeGreaterThan(0);
}, 120_000);
