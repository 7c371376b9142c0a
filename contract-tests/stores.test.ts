// The whole suite against the mock on the store of this test project: memory here, Redis in the "redis" project
// (vitest.config.ts runs this file in both).
import { randomUUID } from "node:crypto";
import { expect, inject, it, onTestFinished } from "vitest";
import { FLOW } from "./flow.js";
import { launchMock } from "./launch-mock.js";
import { runContract } from "./runner.js";

it("passes every step, covers every operation and leaves nothing behind, on this project's store", async () => {
  const store = inject("mockStore");
  const mock = await launchMock(store ? { store, storePrefix: `c${randomUUID().slice(0, 8)}:` } : {});
  onTestFinished(() => mock.close());
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, validators: mock.validators });
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(report.passed).toBe(FLOW.length + 5);
  expect(report.coverage.operations).toEqual({ exercised: 44, total: 44, missing: [] });
  expect(report.leftovers).toEqual([]);
}, 60_000);
