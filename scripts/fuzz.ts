// `energy-coordination fuzz` (`npm run fuzz --`) --runs N --seed S [--path P]: sends N generated requests (valid and invalid, for every operation
// of the spec) to a fresh mock, checks every answer, prints the counts and each failure with a curl line, checks
// that the heap returns to its baseline, and exits 1 on any failure.
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { tokenLine } from "../fuzz/curl.js";
import { describeFailure, fuzz, FUZZ_CLIENT } from "../fuzz/runner.js";
import { flagProblem } from "../bin/usage.js";

const USAGE = "usage: energy-coordination fuzz [--runs N (default 2000)] [--seed S] [--path P (replay one run)] [--no-memory]";

/** The heap may end this much above its baseline (V8 keeps some compiled code and pools around). */
const HEAP_TOLERANCE_BYTES = 16 * 1024 * 1024;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  // Without node --expose-gc: turn the flag on and fetch gc() from a fresh context.
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { runs: { type: "string" }, seed: { type: "string" }, path: { type: "string" }, "no-memory": { type: "boolean" }, help: { type: "boolean" } } }).values;
  } catch (e) {
    fail(flagProblem(e));
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const runs = Number(args.runs ?? 2000);
  const seed = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a whole number >= 1, got ${args.runs}`);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${args.seed}`);
  const checkMemory = !args["no-memory"] && args.path === undefined;

  const gc = gcFunction();
  let baseline = 0;
  if (checkMemory) {
    // Warm-up: the first app compiles and caches what every later app shares.
    await fuzz({ runs: Math.min(300, runs), seed: seed + 1 });
    baseline = await settledHeap(gc);
  }

  const started = performance.now();
  let lastLine = 0;
  const report = await fuzz({
    runs,
    seed,
    ...(args.path === undefined ? {} : { path: args.path }),
    onRequest: (done) => {
      if (process.stderr.isTTY && performance.now() - lastLine > 1000) {
        lastLine = performance.now();
        process.stderr.write(`\r${done} / ${runs} requests`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");

  const statuses = [...report.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(" ");
  process.stdout.write(`seed ${seed}: ${report.requests} requests tried (${report.valid} valid, ${report.invalid} invalid) in ${seconds.toFixed(1)} s\n`);
  process.stdout.write(`statuses: ${statuses}\n`);
  process.stdout.write(`operations covered: ${[...report.byOperation.keys()].filter((k) => k !== "(none)").length}\n`);

  let memoryFailed = false;
  if (checkMemory) {
    const after = await settledHeap(gc);
    memoryFailed = after - baseline > HEAP_TOLERANCE_BYTES;
    process.stdout.write(`heap after GC: baseline ${mib(baseline)}, after the run ${mib(after)} (${after >= baseline ? "+" : ""}${mib(after - baseline)}; tolerance ${mib(HEAP_TOLERANCE_BYTES)})${memoryFailed ? " ✗ memory did not return to its baseline" : ""}\n`);
  }

  process.stdout.write(`failures found: ${report.failureCount}\n`);
  if (report.failures.length > 0) {
    process.stdout.write(`\nTo replay a curl line: npm start -- --client ${FUZZ_CLIENT.id}:${FUZZ_CLIENT.secret}, then\n${tokenLine("http://127.0.0.1:4010", FUZZ_CLIENT)}\n\n`);
    for (const f of report.failures) process.stdout.write(`${describeFailure(f)}\n\n`);
  }
  return report.failureCount > 0 || memoryFailed ? 1 : 0;
}

/** `energy-coordination fuzz`: resolves with the exit code (1 on any failure, 2 on bad usage). */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
