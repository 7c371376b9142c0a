// The proof that the fuzzer finds real defects: a proxy in front of the mock carries one input-dependent defect at a
// time, and a run against the proxy (as against any deployment: spec alone, default budget) must report it with
// the right check; through an unbroken proxy it reports nothing.
import { expect, it } from "vitest";
import { startMock } from "../mock/start.js";
import { startDefectProxy, type Defect } from "./defect-proxy.js";
import { DEFECTS } from "./defects.js";
import { describeFailure } from "./report.js";
import { runFuzz } from "./run.js";
import { DEFAULT_MAX_REQUESTS } from "./runner.js";

const CLIENT = { id: "bank-partner", secret: "bank-partner-secret" };
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

/** A fresh mock behind a proxy with the defect, fuzzed as a deployment (by the spec alone). */
async function fuzzThrough(defect: Defect, stopAfter?: number) {
  const mock = await startMock({ clients: [CLIENT], webhooks: { baseDelayMs: 5, timeoutMs: 500, maxRetries: 0 } });
  const proxy = await startDefectProxy(mock.origin, defect);
  try {
    return await runFuzz({ baseUrl: `${proxy.origin}/energy-coordination/v1`, tokenUrl: `${proxy.origin}/connect/token`, client: CLIENT, seed: SEED, concurrency: 8, shrink: false, ...(stopAfter ? { stopAfter } : {}) });
  } finally {
    await proxy.close();
    await mock.close();
  }
}

it("reports nothing through an unbroken proxy, within the default budget", async () => {
  const report = await fuzzThrough({});
  expect(report.failures.map(describeFailure)).toEqual([]);
  expect(report.requests).toBe(DEFAULT_MAX_REQUESTS);
  expect(report.cleanup.failed).toEqual([]);
}, 120_000);

it(`carries at least 15 defects`, () => {
  expect(DEFECTS.length).toBeGreaterThanOrEqual(15);
});

it.concurrent.each(DEFECTS.map((d) => [d.name, d] as const))("finds %s", async (_, { check, defect }) => {
  const report = await fuzzThrough(defect, 1);
  expect(report.requests).toBeLessThanOrEqual(DEFAULT_MAX_REQUESTS);
  // Requests in flight when the first failure is found may add more of the same.
  expect([...new Set(report.failures.map((f) => f.check))]).toEqual([check]);
}, 120_000);
