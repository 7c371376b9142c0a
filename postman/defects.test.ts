// Proof that the collection's checks can fail: newman runs behind the contract suite's broken-deployment proxy, one
// defect of its bank at a time, and must fail on each defect its checks cover; each short plan of those runs passes
// through an unbroken proxy, and the whole collection passes against the mock on the Redis store (and on the
// in-memory one, without a proxy, in run.test.ts). The defects the collection cannot see are listed with the reason.
import { expect, inject, it, onTestFinished } from "vitest";
import { DEFECTS, type Defect } from "../contract-tests/defects.js";
import { startProxy, type Breakage } from "../contract-tests/broken-proxy.js";
import type { StartMockOptions } from "../mock/start.js";
import { startTestRedis } from "../mock/state/redis/test-server.js";
import { CLEANUP_FOLDER } from "./collection.js";
import { ENDPOINT_FOLDERS } from "./endpoints.js";
import { runCollection, startMock, type EnvVar, type RunResult } from "./run.js";

/** Defects of the bank that no request of the collection can see, and why. */
const UNCOVERED: Record<string, string> = {};

/** The requests a tag folder needs before it, by name: the ones that register what it reads (runs stay short). */
const SETUP: Record<string, string[]> = {
  Authentication: [],
  Users: [],
  Locations: ["PostUser", "PostUsers"],
  Resources: ["PostUser", "PostLocation"],
  "Spark Program": ["PostUser", "PostUsers", "PostLocation", "PostLocations"],
  Webhooks: [],
  Simulation: ["PostUser", "PostLocation", "PostLocationBoundResource"],
  Events: ["PostUser", "PostLocation", "PostLocationBoundResource", "PostPriceCurveSimulation"],
  Reports: ["PostUser", "PostLocation", "PostLocationBoundResource", "PostPriceCurveSimulation"],
};

/** What to run for a defect of an operation: the set-up its folder needs, the folder, and the clean-up. */
function foldersFor(defect: Defect): string[] {
  const tag = ENDPOINT_FOLDERS.find((f) => f.steps.some((s) => s.operationId === defect.operationId))?.tag;
  if (!tag) throw new Error(`${defect.name}: ${defect.operationId} is in no folder of the collection`);
  const setup = SETUP[tag] ?? [];
  const registersUsers = tag === "Users" || setup.length > 0;
  return [...setup, tag, ...(registersUsers ? [CLEANUP_FOLDER] : [])];
}

/** Runs folders of the collection against a fresh mock, through the proxy with this breakage. */
async function runBehind(breakage: Breakage, options: { folder?: string[]; mock?: StartMockOptions } = {}): Promise<RunResult> {
  const mock = await startMock(options.mock);
  try {
    const origin = new URL(mock.baseUrl).origin;
    const proxy = await startProxy(origin, breakage);
    try {
      const envVars: EnvVar[] = mock.envVars.map((v) => (v.key === "baseUrl" || v.key === "tokenUrl" ? { key: v.key, value: v.value.replace(origin, proxy.origin) } : v));
      return await runCollection({ envVars, reporters: [], folder: options.folder });
    } finally {
      await proxy.close();
    }
  } finally {
    await mock.close();
  }
}

/** Runs `work` over `items`, at most `size` at a time. */
async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return results;
}

const describeFailures = (r: RunResult) => r.failures.map((f) => `${f.request} / ${f.test ?? "(request)"}: ${f.message}`);

it("passes against the mock on the Redis store", { timeout: 60_000 }, async () => {
  const store = inject("mockStore") ?? (await ownRedis());
  const result = await runBehind({}, { mock: { store, storePrefix: `postman-${Date.now()}:` } });
  expect(describeFailures(result)).toEqual([]);
});

/** A throwaway Redis for this file when the project provides none (the memory project). */
async function ownRedis(): Promise<string> {
  const redis = await startTestRedis();
  onTestFinished(() => redis.stop());
  return redis.url;
}

it("runs each short plan of the defect runs cleanly through an unbroken proxy", { timeout: 300_000 }, async () => {
  // Otherwise a plan that fails by itself would count every defect run on it as caught.
  const plans = [...new Set(DEFECTS.map((d) => JSON.stringify(foldersFor(d))))].map((p) => JSON.parse(p) as string[]);
  const results = await pool(plans, 3, async (folder) => ({ folder: folder.join(", "), failures: describeFailures(await runBehind({}, { folder })) }));
  expect(results.filter((r) => r.failures.length > 0)).toEqual([]);
});

it("fails on every defect of the bank that its checks cover", { timeout: 600_000 }, async () => {
  const covered = DEFECTS.filter((d) => !(d.name in UNCOVERED));
  const results = await pool(covered, 3, async (defect) => {
    const started = Date.now();
    const result = await runBehind(defect.breakage, { folder: foldersFor(defect) });
    return { defect: defect.name, failures: describeFailures(result), ms: Date.now() - started };
  });
  const missed = results.filter((r) => r.failures.length === 0).map((r) => r.defect);
  const slowest = Math.max(...results.map((r) => r.ms));
  console.log(`newman failed on ${results.length - missed.length} of ${results.length} defects of the bank (${DEFECTS.length - covered.length} not covered); the slowest run took ${slowest} ms`);
  expect(missed).toEqual([]);
});
