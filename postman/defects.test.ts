// Proof that the collection's checks can fail: newman runs behind the contract suite's broken-deployment proxy, one
// defect of its bank at a time, and must fail on each defect its checks cover; each plan of those runs passes through
// an unbroken proxy, and the whole collection passes against the mock on the Redis store (and on the in-memory one,
// without a proxy, in run.test.ts). The defects the collection cannot see are listed with the reason.
//
// A defect is looked for first in a focused plan: the request named after its operation and the first request of
// its folder that calls the operation (a read-back counts; the calls come from the Redis run's requests), with the
// requests they need (plans.ts), about 5 of the collection's 56. It counts there only when a request that calls the
// operation fails; else in its folder's plan, then in the whole collection, where any failure counts. Every plan
// passes by itself in the same newman run: the defects of a plan share one run (newman starts a sandbox per run, a
// fifth of a second), an iteration per defect and a last one with nothing broken, each against a fresh mock and
// starting afresh (plans.ts: the collection's variables go back to the file's values; the scripts set no
// environment, global or cookie).
import { afterAll, expect, inject, it } from "vitest";
import { DEFECTS, type Defect } from "../contract-tests/defects.js";
import { startProxy, type Breakage } from "../contract-tests/broken-proxy.js";
import type { StartMockOptions } from "../mock/start.js";
import { startTestRedis } from "../mock/state/redis/test-server.js";
import { CLEANUP_FOLDER } from "./collection.js";
import { ENDPOINT_FOLDERS } from "./endpoints.js";
import { callsOf, committedCollection, pruned, startingAfresh, withNeeds } from "./plans.js";
import { runCollection, startMock, type EnvVar, type Failure, type RunResult } from "./run.js";

/** Defects of the bank that no request of the collection can see, and why. */
const UNCOVERED: Record<string, string> = {};

/** The requests a tag folder needs before it, by name: the ones that register what it reads. */
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

const collection = committedCollection();
const folderItems = (name: string) => collection.item.find((f) => f.name === name)?.item.map((i) => i.name) ?? [];

/** A plan: the requests to run (undefined: the whole collection), and what to call it. */
interface Plan {
  label: string;
  requests: string[] | undefined;
}

/** The tag folder that holds the defect's operation. */
function folderOf(defect: Defect): string {
  const tag = ENDPOINT_FOLDERS.find((f) => f.steps.some((s) => s.operationId === defect.operationId))?.tag;
  if (!tag) throw new Error(`${defect.name}: ${defect.operationId} is in no folder of the collection`);
  return tag;
}

/** The set-up its folder needs, the folder of the defect's operation, and the clean-up. */
function folderPlan(defect: Defect): Plan {
  const tag = folderOf(defect);
  const setup = SETUP[tag] ?? [];
  const registersUsers = tag === "Users" || setup.length > 0;
  return { label: `folder ${tag}`, requests: [...setup, ...folderItems(tag), ...(registersUsers ? folderItems(CLEANUP_FOLDER) : [])] };
}

/** The request named after the operation and the first of its folder that calls it, with what they need. */
function focusedPlan(defect: Defect, calls: Map<string, Set<string>>): Plan {
  const first = folderItems(folderOf(defect)).find((name) => calls.get(name)?.has(defect.operationId));
  return { label: "focused", requests: withNeeds(collection, [defect.operationId, ...(first ? [first] : [])]) };
}

const WHOLE: Plan = { label: "whole collection", requests: undefined };

/** The mock's variables with baseUrl and tokenUrl pointed at the proxy. */
const behind = (envVars: EnvVar[], origin: string, proxy: string): EnvVar[] =>
  envVars.map((v) => (v.key === "baseUrl" || v.key === "tokenUrl" ? { key: v.key, value: v.value.replace(origin, proxy) } : v));

const planCollection = (plan: Plan) => (plan.requests ? pruned(collection, plan.requests) : collection);

/** Runs a plan against a fresh mock, through the proxy with this breakage. */
async function runBehind(breakage: Breakage, plan: Plan, mock: StartMockOptions = {}): Promise<RunResult> {
  const m = await startMock(mock);
  try {
    const origin = new URL(m.baseUrl).origin;
    const proxy = await startProxy(origin, breakage);
    try {
      return await runCollection({ envVars: behind(m.envVars, origin, proxy.origin), reporters: [], collection: planCollection(plan) });
    } finally {
      await proxy.close();
    }
  } finally {
    await m.close();
  }
}

/**
 * Runs a plan once per breakage in one newman run: iteration i goes to a fresh mock of its own, through the proxy
 * with breakage i; resolves with each iteration's failures.
 */
async function runEach(breakages: Breakage[], plan: Plan): Promise<Failure[][]> {
  const mocks = await Promise.all(breakages.map(() => startMock()));
  try {
    let current = 0;
    const origins = mocks.map((m) => new URL(m.baseUrl).origin);
    const proxy = await startProxy(() => origins[current]!, {
      request: (req) => breakages[current]?.request?.(req),
      response: (req, res) => breakages[current]?.response?.(req, res),
    });
    try {
      const result = await runCollection({
        envVars: behind(mocks[0]!.envVars, origins[0]!, proxy.origin),
        reporters: [],
        collection: startingAfresh(planCollection(plan)),
        iterationCount: breakages.length,
        onIteration: (i) => (current = i),
      });
      return breakages.map((_, i) => result.failures.filter((f) => f.iteration === i));
    } finally {
      await proxy.close();
    }
  } finally {
    await Promise.all(mocks.map((m) => m.close()));
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

const line = (f: Failure) => `${f.request} / ${f.test ?? "(request)"}: ${f.message}`;
const describeFailures = (r: RunResult) => r.failures.map(line);

let redis: { stop(): Promise<void> } | undefined;
afterAll(async () => {
  await redis?.stop();
});

/** The whole collection on the Redis store through an unbroken proxy, once: its failures and which requests call what. */
let redisRun: Promise<RunResult> | undefined;
function wholeOnRedis(): Promise<RunResult> {
  redisRun ??= (async () => {
    let store = inject("mockStore");
    if (!store) {
      // A throwaway Redis for this file when the project provides none (the memory project).
      const own = await startTestRedis();
      redis = own;
      store = own.url;
    }
    return runBehind({}, WHOLE, { store, storePrefix: `postman-${Date.now()}:` });
  })();
  return redisRun;
}

async function callsOfWholeRun(): Promise<Map<string, Set<string>>> {
  const run = await wholeOnRedis();
  expect(describeFailures(run), "the whole collection fails by itself, so no plan can be made from it").toEqual([]);
  return callsOf(run.sent);
}

it("passes against the mock on the Redis store", { timeout: 60_000 }, async () => {
  const result = await wholeOnRedis();
  expect(describeFailures(result)).toEqual([]);
  // Every request of the collection ran, and the trace the plans are made from names an operation for each.
  const calls = callsOf(result.sent);
  expect(collection.item.flatMap((f) => f.item.map((i) => i.name)).filter((n) => !calls.has(n))).toEqual([]);
});

/**
 * A newman run's start (its sandbox) costs about as much as three requests of the collection (with their checks'
 * requests, eight HTTP requests), so the defects of a plan that a larger one holds, with at most three requests
 * more, go to the larger one: fewer runs, each defect still in a plan with every request of its own.
 */
const JOIN_WITHIN = 3;

function joinSmallPlans(groups: { plan: Plan; defects: Defect[] }[]): void {
  const size = (plan: Plan) => plan.requests?.length ?? Infinity;
  const holds = (big: Plan, small: Plan) => small.requests?.every((r) => big.requests?.includes(r)) === true;
  // Largest first, each into a plan that keeps its own defects, so no defect moves twice.
  const order = [...groups].sort((a, b) => size(b.plan) - size(a.plan));
  const kept: typeof groups = [];
  for (const group of order) {
    const into = kept.filter((k) => holds(k.plan, group.plan) && size(k.plan) - size(group.plan) <= JOIN_WITHIN).sort((a, b) => size(a.plan) - size(b.plan))[0];
    if (into) into.defects.push(...group.defects.splice(0));
    else kept.push(group);
  }
}

/** Each focused plan's run: its failures with nothing broken, and each of its defects' (by name). */
interface FocusedRun {
  plan: Plan;
  clean: Failure[];
  defects: Map<string, Failure[]>;
}

let focused: Promise<FocusedRun[]> | undefined;
function focusedRuns(): Promise<FocusedRun[]> {
  focused ??= (async () => {
    const calls = await callsOfWholeRun();
    const groups = new Map<string, { plan: Plan; defects: Defect[] }>();
    for (const defect of DEFECTS.filter((d) => !(d.name in UNCOVERED))) {
      const plan = focusedPlan(defect, calls);
      const key = JSON.stringify(plan.requests);
      const group = groups.get(key) ?? { plan, defects: [] };
      group.defects.push(defect);
      groups.set(key, group);
    }
    joinSmallPlans([...groups.values()]);
    return pool([...groups.values()].filter((g) => g.defects.length > 0), 3, async ({ plan, defects }) => {
      // Nothing broken last: a plan that passes after its defects' iterations shows that none left anything behind.
      const failures = await runEach([...defects.map((d) => d.breakage), {}], plan);
      return { plan, clean: failures[defects.length] ?? [], defects: new Map(defects.map((d, i) => [d.name, failures[i] ?? []])) };
    });
  })();
  return focused;
}

it("runs each focused plan of the defect runs cleanly through an unbroken proxy", { timeout: 300_000 }, async () => {
  // Otherwise a plan that fails by itself would count every defect run on it as caught.
  const runs = await focusedRuns();
  expect(runs.filter((r) => r.clean.length > 0).map((r) => ({ plan: r.plan.requests?.join(", "), failures: r.clean.map(line) }))).toEqual([]);
});

it("fails on every defect of the bank that its checks cover", { timeout: 600_000 }, async () => {
  const calls = await callsOfWholeRun();
  const runs = await focusedRuns();
  const covered = DEFECTS.filter((d) => !(d.name in UNCOVERED));
  const results = await pool(covered, 3, async (defect) => {
    const callers = (f: Failure) => calls.get(f.request)?.has(defect.operationId) === true;
    const tried: string[] = [];
    // The focused plan shows a defect only through a request that calls its operation (and when it passed by itself).
    const run = runs.find((r) => r.defects.has(defect.name));
    const failures = run?.defects.get(defect.name) ?? [];
    if (run && run.clean.length === 0 && failures.some(callers)) return { defect: defect.name, plan: "focused", tried };
    tried.push(`focused: ${failures.length === 0 ? "passed" : `failed elsewhere only: ${failures.map(line).join(" | ")}`}`);
    // A larger plan shows it through any failure, as it passes by itself (in the same run, after the defect's iteration).
    for (const plan of [folderPlan(defect), WHOLE]) {
      const [broken = [], clean = []] = await runEach([defect.breakage, {}], plan);
      if (clean.length > 0) tried.push(`${plan.label} fails by itself: ${clean.map(line).join(" | ")}`);
      else if (broken.length > 0) return { defect: defect.name, plan: plan.label, tried };
      else tried.push(`${plan.label}: passed`);
    }
    return { defect: defect.name, plan: undefined, tried };
  });
  const missed = results.filter((r) => r.plan === undefined);
  const by = (label: string) => results.filter((r) => r.plan?.startsWith(label)).length;
  console.log(
    `newman failed on ${results.length - missed.length} of ${results.length} defects of the bank (${DEFECTS.length - covered.length} not covered): ` +
      `${by("focused")} on one of ${runs.length} focused plans, ${by("folder")} on their folder's, ${by("whole")} on the whole collection`,
  );
  expect(missed).toEqual([]);
});
