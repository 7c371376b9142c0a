// Runs the generated requests against a fresh mock on 127.0.0.1:0 (the package's startMock) and checks every
// response. Seeded: the same seed sends the same requests; every failure carries its seed, its run index (fast-check's
// path) and a curl line.
import fc from "fast-check";
import { startMock, type StartMockOptions } from "../mock/start.js";
import { rawClient } from "./client.js";
import { toCurl } from "./curl.js";
import { responseChecker } from "./properties.js";
import { requestGenerators, type FuzzRequest } from "./requests.js";
import { createWorld, refreshWorld } from "./world.js";

export const FUZZ_CLIENT = { id: "fuzz-partner", secret: "fuzz-partner-secret" };
/** Where the printed curl lines point: the mock as `npm start` runs it. */
export const REPLAY_ORIGIN = "http://127.0.0.1:4010";

export interface FuzzOptions {
  runs: number;
  seed?: number;
  /** Replays one run (fast-check's path, i.e. the run index printed with a failure). */
  path?: string;
  /** Extra options for startMock. */
  app?: StartMockOptions;
  /** Re-creates the world's objects (which runs delete) every this many requests. Default 200. */
  refreshEvery?: number;
  /** Called after every request (for progress output). */
  onRequest?: (done: number) => void;
}

export interface FuzzFailure {
  seed: number;
  /** The run index: `--seed S --path P` replays this request. */
  path: string;
  request: FuzzRequest;
  status: number;
  /** The start of the answer's body. */
  answer: string;
  problems: string[];
  curl: string;
  /** Failures with the same operation, label, status and first problem (only the first is kept). */
  similar: number;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  /** Every failing request, including the similar ones not kept in `failures`. */
  failureCount: number;
  failures: FuzzFailure[];
  /** Requests per operationId. */
  byOperation: Map<string, number>;
  /** Requests per answered status. */
  byStatus: Map<number, number>;
  valid: number;
  invalid: number;
}

/** Fuzzes a fresh mock with `runs` generated requests. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const mock = await startMock({ clients: [FUZZ_CLIENT], webhooks: { baseDelayMs: 5, timeoutMs: 500, maxRetries: 0 }, ...options.app });
  // The spec's validators as the mock compiled them (spec/validators.ts), so a run compiles them once.
  const { validators } = mock.context;
  const http = rawClient(mock.origin);
  const report: FuzzReport = { seed, requests: 0, failureCount: 0, failures: [], byOperation: new Map(), byStatus: new Map(), valid: 0, invalid: 0 };
  try {
    const world = await createWorld(http, FUZZ_CLIENT);
    const generators = requestGenerators(validators, world);
    const check = responseChecker(validators);
    const seen = new Map<string, FuzzFailure>();
    const refreshEvery = options.refreshEvery ?? 200;
    let index = options.path === undefined ? 0 : Number(options.path.split(":")[0]);
    const property = fc.asyncProperty(generators.any, async (req) => {
      const run = index++;
      if (report.requests > 0 && report.requests % refreshEvery === 0) await refreshWorld(http, world);
      report.requests++;
      report.byOperation.set(req.operationId, (report.byOperation.get(req.operationId) ?? 0) + 1);
      if (req.expect.kind === "valid") report.valid++;
      else report.invalid++;
      let status = 0;
      let answer = "";
      let problems: string[];
      try {
        const res = await http.send(req);
        status = res.status;
        answer = res.text.slice(0, 400);
        problems = check(req, res);
      } catch (e) {
        problems = [`no answer: ${e instanceof Error ? e.message : String(e)}`];
      }
      report.byStatus.set(status, (report.byStatus.get(status) ?? 0) + 1);
      options.onRequest?.(report.requests);
      if (problems.length > 0) {
        report.failureCount++;
        // Failures that differ only in a pointer, a quoted value or a number are one finding.
        const key = `${req.operationId} ${req.label.replace(/ at \/.*$/, "").replace(/\d+/g, "#")} ${status} ${problems[0]!.replace(/"[^"]*"/g, "…").replace(/\d+/g, "#")}`;
        const earlier = seen.get(key);
        if (earlier) earlier.similar++;
        else {
          const failure: FuzzFailure = { seed, path: String(run), request: req, status, answer, problems, curl: toCurl(REPLAY_ORIGIN, req, { token: world.token }), similar: 0 };
          seen.set(key, failure);
          report.failures.push(failure);
        }
      }
      // The property records and goes on: a run counts every failure instead of stopping at the first.
      return true;
    });
    await fc.check(property, { seed, numRuns: options.path === undefined ? options.runs : 1, ...(options.path === undefined ? {} : { path: options.path }) });
  } finally {
    http.close();
    await mock.close();
  }
  return report;
}

/** A failure as the lines a person needs: what, where, and how to send it again. */
export function describeFailure(f: FuzzFailure): string {
  const more = f.similar > 0 ? ` (and ${f.similar} similar)` : "";
  return [
    `✗ ${f.request.operationId}: ${f.request.label}: ${f.problems.join("; ")}${more}`,
    `  replay: npm run fuzz -- --seed ${f.seed} --path ${f.path}`,
    `  ${f.curl}`,
    `  answer: ${f.status} ${f.answer}`,
  ].join("\n");
}
