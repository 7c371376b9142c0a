// The generic engine: sends generated requests (and stateful sequences) to any target described by the spec alone,
// checks every answer, shrinks each failure with fast-check to a minimal request and prints it as one curl line.
// It never imports the mock: the mock-backed mode (run.ts) passes the mock's extra checks in as a function.
// Seeded: request n of a run is drawn from batch ⌊n/BATCH⌋ with its own seed, so `--seed S` sends the same requests
// and fast-check can replay any one of them (its `path`) to shrink it.
import fc from "fast-check";
import { apiOperations, type ApiOperations } from "../spec/operations.js";
import type { Validators } from "../spec/validators.js";
import type { RawResponse } from "./client.js";
import { toCurl } from "./curl.js";
import { createLedger } from "./ledger.js";
import type { FuzzFailure, FuzzReport } from "./findings.js";
import { responseChecker, type Finding, type ResponseCheck } from "./properties.js";
import { requestGenerators, type FuzzRequest } from "./requests.js";
import { playScenario, scenarioArbitrary, type Scenario, type ScenarioFailure } from "./scenarios.js";
import { requestToken, type Credentials, type Target } from "./target.js";
import { createWorld, refreshWorld, type WorldSetup } from "./world.js";

export type { FuzzFailure, FuzzReport } from "./findings.js";

/** Requests a run sends by default: about a minute against a remote deployment at 4 in flight. */
export const DEFAULT_MAX_REQUESTS = 2500;
/** Operations that change all of a client's data at once: left out unless the target is a mock of our own. */
export const WHOLE_CLIENT_OPERATIONS = ["PostTenantDataSimulation", "DeleteTenantDataSimulation"];
// Small batches: drawing one blocks the event loop (a mock in the same process waits meanwhile).
const BATCH = 50;
/** Distinct failures that get shrunk, and the requests (or sequences) each shrink may send. */
const SHRUNK_FAILURES = 5;
const SHRINK_ATTEMPTS = 60;

export interface EngineOptions {
  validators: Validators;
  target: Target;
  client: Credentials;
  seed: number;
  maxRequests?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** At most this many requests per second. */
  rate?: number;
  /** Only GETs (and the token request); no sequences, nothing created. */
  readOnly?: boolean;
  /** Also the expensive hostile bodies and wrong secrets for the run's own client (for the mock). */
  hostile?: boolean;
  /** Also the operations that change all of the client's data (for a mock of our own). */
  wholeClientData?: boolean;
  /** Put before every id the run makes up. */
  prefix: string;
  /** Where generated webhooks point (nothing may answer there). */
  deadUrl: string;
  /** More checks of every answer (the mock's rules, in the mock-backed mode). */
  extras?: (validators: Validators, operations: ApiOperations) => ResponseCheck;
  /** Stops sending (then cleans up) when aborted, e.g. on Ctrl-C. */
  signal?: AbortSignal;
  /** Stops once this many distinct failures are found. */
  stopAfter?: number;
  /** Shrink failures (default true). */
  shrink?: boolean;
  onProgress?(sent: number): void;
}

class OutOfBudget extends Error {}

/** Fuzzes a target; resolves with the report once everything it created is deleted again. */
export async function runEngine(o: EngineOptions): Promise<FuzzReport> {
  const started = performance.now();
  const { validators, target, seed } = o;
  const operations = apiOperations(validators.spec, { basePath: target.basePath });
  const ledger = createLedger(operations);
  const setup: WorldSetup = { target, operations, ledger, prefix: o.prefix, readOnly: o.readOnly ?? false };
  const maxRequests = o.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const report: FuzzReport = { seed, target: target.baseUrl, requests: 0, sequences: 0, valid: 0, invalid: 0, seconds: 0, sendingSeconds: 0, failureCount: 0, failures: [], byOperation: new Map(), byStatus: new Map(), cleanup: { deleted: 0, failed: [] }, interrupted: false };
  const world = await createWorld(setup, o.client, o.deadUrl);
  const exclude = o.wholeClientData ? [] : [...WHOLE_CLIENT_OPERATIONS, ...operations.served.filter((op) => op.method === "delete" && !op.path.includes("{")).map((op) => op.operationId)];
  const generators = requestGenerators(validators, world, {
    basePath: target.basePath,
    tokenPath: target.tokenPath,
    prefix: o.prefix,
    hostile: o.hostile ?? false,
    exclude,
    ...(o.readOnly ? { methods: ["get"] } : {}),
  });
  const check = responseChecker(validators, operations, o.extras?.(validators, operations));
  const scenarios = scenarioArbitrary(operations);

  let reserved = 0;
  let stop = false;
  const seen = new Map<string, { failure: FuzzFailure; retry: () => Promise<FuzzFailure | undefined> }>();
  let nextAt = 0;
  const reserve = async () => {
    if (stop || o.signal?.aborted || reserved >= maxRequests) throw new OutOfBudget();
    reserved++;
    if (o.rate) {
      const now = performance.now();
      nextAt = Math.max(now, nextAt + 1000 / o.rate);
      if (nextAt > now) await new Promise((r) => setTimeout(r, nextAt - now));
    }
  };
  const exchange = async (req: FuzzRequest): Promise<{ res: RawResponse; problems: Finding[] }> => {
    let res: RawResponse;
    try {
      res = await target.send(req);
    } catch (e) {
      res = { status: 0, headers: {}, text: "" };
      return { res, problems: [{ check: "server-error", message: `no answer: ${e instanceof Error ? e.message : String(e)}` }] };
    }
    if (req.origin !== "token") {
      const r = operations.resolve(req.method, req.path);
      if (r.kind === "operation") ledger.record(r.op, r.params, req, res);
    }
    return { res, problems: check(req, res) };
  };
  const count = (req: FuzzRequest, status: number) => {
    report.requests++;
    report.byOperation.set(req.operationId, (report.byOperation.get(req.operationId) ?? 0) + 1);
    report.byStatus.set(status, (report.byStatus.get(status) ?? 0) + 1);
    if (req.expect.kind === "valid") report.valid++;
    else report.invalid++;
    o.onProgress?.(report.requests);
  };
  const failureOf = (f: Finding, req: FuzzRequest, res: RawResponse, shrunk: boolean, before?: string[]): FuzzFailure => ({
    check: f.check,
    message: f.message,
    operationId: req.operationId,
    label: req.label,
    status: res.status,
    answer: res.text.slice(0, 400),
    curl: toCurl(req.origin === "token" ? new URL(target.tokenUrl).origin : new URL(target.baseUrl).origin, req, { token: world.token }),
    seed,
    shrunk,
    ...(before ? { before } : {}),
    similar: 0,
  });
  const note = (failure: FuzzFailure, retry: () => Promise<FuzzFailure | undefined>) => {
    report.failureCount++;
    // Failures that differ only in a quoted value or a number are one finding.
    const key = `${failure.check} ${failure.operationId} ${failure.status} ${failure.message.replace(/"[^"]*"/g, "…").replace(/\d+/g, "#").slice(0, 120)}`;
    const earlier = seen.get(key);
    if (earlier) earlier.failure.similar++;
    else {
      seen.set(key, { failure, retry });
      report.failures.push(failure);
      if (o.stopAfter !== undefined && report.failures.length >= o.stopAfter) stop = true;
    }
  };

  // Stateless requests, drawn in seeded batches.
  const batches = new Map<number, FuzzRequest[]>();
  const requestAt = (n: number) => {
    const b = Math.floor(n / BATCH);
    let batch = batches.get(b);
    if (!batch) {
      batch = fc.sample(generators.any, { seed: seed + b, numRuns: BATCH });
      batches.set(b, batch);
      batches.delete(b - 4);
    }
    return batch[n % BATCH]!;
  };
  const shrinkRequest = (n: number, f: Finding, original: FuzzRequest) => async (): Promise<FuzzFailure | undefined> => {
    let attempts = 0;
    let last: { req: FuzzRequest; res: RawResponse; finding: Finding } | undefined;
    const property = fc.asyncProperty(generators.any, async (req) => {
      if (attempts++ >= SHRINK_ATTEMPTS || req.operationId !== original.operationId) return true;
      const { res, problems } = await exchange(req);
      const same = problems.find((p) => p.check === f.check);
      if (same) last = { req, res, finding: same };
      return same === undefined;
    });
    const result = await fc.check(property, { seed: seed + Math.floor(n / BATCH), path: String(n % BATCH) });
    return result.failed && last ? failureOf(last.finding, last.req, last.res, true) : undefined;
  };
  let sinceRefresh = 0;
  let nextRequest = 0;
  const statelessLane = async () => {
    for (;;) {
      await reserve();
      if (!setup.readOnly && ++sinceRefresh >= 200) {
        sinceRefresh = 0;
        await refreshWorld(setup, world);
      }
      const n = nextRequest++;
      const req = requestAt(n);
      const { res, problems } = await exchange(req);
      count(req, res.status);
      const first = problems[0];
      if (first) note(failureOf(first, req, res, false), shrinkRequest(n, first, req));
    }
  };

  // Stateful sequences, in seeded batches of their own.
  const scenarioBatches = new Map<number, Scenario[]>();
  const scenarioSeed = (b: number) => (seed + 1_000_003 * (b + 1)) % 2 ** 31;
  const scenarioAt = (n: number) => {
    const b = Math.floor(n / 50);
    let batch = scenarioBatches.get(b);
    if (!batch) scenarioBatches.set(b, (batch = fc.sample(scenarios, { seed: scenarioSeed(b), numRuns: 50 })));
    return batch[n % 50]!;
  };
  let stems = 0;
  const context = (counted: boolean) => ({
    operations,
    validators,
    token: world.token,
    webhookUrl: world.deadUrl,
    stem: () => `${o.prefix}s${stems++}-`,
    send: async (req: FuzzRequest) => {
      if (counted) await reserve();
      const out = await exchange(req);
      if (counted) count(req, out.res.status);
      return out;
    },
  });
  const describe = (sf: ScenarioFailure, shrunk: boolean) => failureOf({ check: sf.check, message: sf.message }, sf.request, sf.response, shrunk, sf.before);
  const shrinkScenario = (n: number, sf: ScenarioFailure) => async (): Promise<FuzzFailure | undefined> => {
    let attempts = 0;
    let last: ScenarioFailure | undefined;
    const property = fc.asyncProperty(scenarios, async (s) => {
      if (attempts++ >= SHRINK_ATTEMPTS / 3) return true;
      const f = await playScenario(s, context(false));
      if (f && f.check === sf.check && f.step === sf.step) last = f;
      return !(f && f.check === sf.check && f.step === sf.step);
    });
    const result = await fc.check(property, { seed: scenarioSeed(Math.floor(n / 50)), path: String(n % 50) });
    return result.failed && last ? describe(last, true) : undefined;
  };
  let nextScenario = 0;
  const sequenceLane = async () => {
    for (;;) {
      const n = nextScenario++;
      const sf = await playScenario(scenarioAt(n), context(true));
      report.sequences++;
      if (sf) note(describe(sf, false), shrinkScenario(n, sf));
    }
  };

  const concurrency = Math.max(1, o.concurrency ?? 4);
  // About two lanes in five play sequences: the defects that need existing data hide there.
  const sequenceLanes = o.readOnly ? 0 : Math.max(1, Math.round((concurrency * 2) / 5));
  const lanes = [...Array.from({ length: sequenceLanes }, sequenceLane), ...Array.from({ length: concurrency - sequenceLanes }, statelessLane)];
  const sending = performance.now();
  const ended = await Promise.allSettled(lanes);
  report.sendingSeconds = (performance.now() - sending) / 1000;
  for (const e of ended) if (e.status === "rejected" && !(e.reason instanceof OutOfBudget)) throw e.reason;
  report.interrupted = o.signal?.aborted ?? false;

  if (o.shrink !== false && !report.interrupted) {
    for (const entry of [...seen.values()].slice(0, SHRUNK_FAILURES)) {
      if (o.signal?.aborted) break;
      const smaller = await entry.retry();
      if (smaller) report.failures[report.failures.indexOf(entry.failure)] = { ...smaller, similar: entry.failure.similar };
    }
  }

  // A long run may outlive its token: the clean-up gets a fresh one on the first 401.
  let cleanupToken = world.token;
  let refreshed = false;
  report.cleanup = await ledger.cleanup(async (op, params) => {
    const del = () => target.send({ method: op.method.toUpperCase(), path: operations.pathOf(op, params), headers: { authorization: `Bearer ${cleanupToken}` } });
    let res = await del();
    if (res.status === 401 && !refreshed) {
      refreshed = true;
      cleanupToken = await requestToken(target, o.client);
      res = await del();
    }
    return res.status;
  });
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
