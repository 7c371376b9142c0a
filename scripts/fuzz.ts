// `energy-coordination fuzz` (`npm run fuzz --`): sends generated requests (valid and invalid ones for every operation,
// and stateful sequences) to a deployment or a fresh mock, checks every answer by the spec, prints each failure shrunk
// to one curl line, deletes what it created, and exits 1 on any failure.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describeFailure, formatSummary, toJson, toJUnit } from "../fuzz/report.js";
import { runFuzz, type FuzzOptions } from "../fuzz/run.js";
import { DEFAULT_MAX_REQUESTS } from "../fuzz/runner.js";
import { flagProblem } from "../bin/usage.js";

export const USAGE = `Usage: energy-coordination fuzz [options]

Sends generated requests to a deployment (or, without --base-url, to a mock it starts) and checks every answer by the
spec: no 5xx, a declared status, a conforming body, a 4xx for every invalid request, none for valid ones on existing
data, and read-backs that match. Each failure is shrunk to a minimal request and printed as one curl line.

Target (without --base-url, a fresh mock is started and its own rules are checked too):
  --base-url URL         API base URL                  (CONTRACT_BASE_URL)
  --token-url URL        token endpoint                (CONTRACT_TOKEN_URL)
  --client-id ID         OAuth2 client id              (CONTRACT_CLIENT_ID)
  --client-secret SECRET OAuth2 client secret          (CONTRACT_CLIENT_SECRET)
  --spec FILE_OR_URL     judge by another OpenAPI document instead of ours (CONTRACT_SPEC)

Run:
  --max-requests N       requests to send (default ${DEFAULT_MAX_REQUESTS}: about a minute against a remote deployment)
  --rate N/s             at most N requests per second
  --concurrency N        requests in flight (default 4 against a base URL, 16 against the mock)
  --read-only            only GETs and the token request; nothing is created
  --seed S               the same seed sends the same requests (default: a random one, printed)
  --timeout MS           per request (default 10000)
  --junit FILE           also write the report as JUnit XML
  --json FILE            also write the report as JSON
  --store URL            (mock only) keep the mock's state in Redis (redis://host:port/db), as \`mock --store\` does
  --no-memory            (mock only) skip the check that the heap returns to its baseline after the run
  --help                 this text

Everything created carries the run's prefix (fuzz-xxxxxxxx-) and is deleted at the end, also after Ctrl-C
(a second Ctrl-C quits at once). Exit status: 0 nothing found, 1 failures found, 2 bad usage, 130 interrupted.`;

/** The heap may end this much above its baseline (V8 keeps some compiled code and pools around). */
const HEAP_TOLERANCE_BYTES = 16 * 1024 * 1024;
const ENV = { "base-url": "CONTRACT_BASE_URL", "token-url": "CONTRACT_TOKEN_URL", "client-id": "CONTRACT_CLIENT_ID", "client-secret": "CONTRACT_CLIENT_SECRET", spec: "CONTRACT_SPEC" } as const;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) fail(`--${flag} must be a whole number >= ${min}, got "${value}"`);
  return n;
}

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`--${flag}: "${value}" is not a URL; give one like https://api.sandbox.voluespark.com/energy-coordination/v1`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`--${flag}: use an http or https URL, not ${url.protocol}`);
  return value;
}

export interface FuzzCli {
  help: boolean;
  options: FuzzOptions;
  junit?: string;
  json?: string;
  checkMemory: boolean;
}

/** Parses the flags (then the CONTRACT_* environment variables); throws a UsageError naming what is wrong. */
export function parseFuzzArguments(argv: string[], env: Record<string, string | undefined> = {}): FuzzCli {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "base-url": { type: "string" },
        "token-url": { type: "string" },
        "client-id": { type: "string" },
        "client-secret": { type: "string" },
        spec: { type: "string" },
        "max-requests": { type: "string" },
        runs: { type: "string" },
        rate: { type: "string" },
        concurrency: { type: "string" },
        "read-only": { type: "boolean" },
        seed: { type: "string" },
        timeout: { type: "string" },
        junit: { type: "string" },
        json: { type: "string" },
        "no-memory": { type: "boolean" },
        store: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    fail(flagProblem(e));
  }
  const cli: FuzzCli = { help: values.help ?? false, options: {}, checkMemory: false };
  if (cli.help) return cli;
  const pick = (flag: keyof typeof ENV) => {
    const value = values[flag] ?? env[ENV[flag]];
    return value === "" ? undefined : value;
  };
  const o = cli.options;
  const max = wholeNumber("max-requests", values["max-requests"] ?? values.runs, 1);
  if (max !== undefined) o.maxRequests = max;
  if (values.rate !== undefined) {
    const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(values.rate);
    if (!m || Number(m[1]) <= 0) fail(`--rate must be requests per second, e.g. --rate 20/s, got "${values.rate}"`);
    o.rate = Number(m[1]);
  }
  const concurrency = wholeNumber("concurrency", values.concurrency, 1);
  if (concurrency !== undefined) o.concurrency = concurrency;
  const timeout = wholeNumber("timeout", values.timeout, 1);
  if (timeout !== undefined) o.timeoutMs = timeout;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed)) fail(`--seed must be an integer, got "${values.seed}"`);
    o.seed = Number(values.seed);
  }
  if (values["read-only"]) o.readOnly = true;
  for (const flag of ["junit", "json"] as const) {
    const file = values[flag];
    if (file === "") fail(`--${flag}: give a file name, e.g. --${flag} fuzz-report.${flag === "junit" ? "xml" : "json"}`);
    if (file !== undefined) cli[flag] = file;
  }
  const spec = pick("spec");
  if (values.spec === "") fail("--spec: give a file or URL, e.g. --spec vendor-openapi.json");
  if (spec !== undefined) o.spec = spec;

  const baseUrl = pick("base-url");
  const rest = (["token-url", "client-id", "client-secret"] as const).filter((f) => pick(f) !== undefined);
  if (baseUrl === undefined) {
    if (rest.length > 0) fail(`--${rest[0]} needs --base-url (or CONTRACT_BASE_URL); without a base URL the fuzzer runs against the mock it starts`);
    cli.checkMemory = !values["no-memory"];
    if (values.store !== undefined) {
      if (!/^rediss?:\/\//.test(values.store)) fail(`--store: give a Redis URL, e.g. redis://127.0.0.1:6379/0, got "${values.store}"`);
      o.mockStore = { url: values.store, prefix: `fuzz-${Date.now().toString(36)}:` };
    }
    return cli;
  }
  if (values["no-memory"]) fail("--no-memory is for the mock the fuzzer starts; the heap of a deployment is not measured");
  if (values.store !== undefined) fail("--store is for the mock the fuzzer starts, not for a deployment at --base-url");
  const tokenUrl = pick("token-url");
  const id = pick("client-id");
  const secret = pick("client-secret");
  for (const [flag, value] of [["token-url", tokenUrl], ["client-id", id], ["client-secret", secret]] as const) {
    if (value === undefined) fail(`--${flag} (or ${ENV[flag]}) is needed with --base-url`);
  }
  o.baseUrl = httpUrl("base-url", baseUrl);
  o.tokenUrl = httpUrl("token-url", tokenUrl!);
  o.client = { id: id!, secret: secret! };
  return cli;
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
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const cli = parseFuzzArguments(argv, env);
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write("\nfuzz: interrupted; deleting what the run created (Ctrl-C again to quit without cleaning up)\n");
    interrupt.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const gc = cli.checkMemory ? gcFunction() : undefined;
    let baseline = 0;
    if (gc) {
      // Warm-up: the first mock compiles and caches what every later one shares.
      await runFuzz({ ...cli.options, maxRequests: 300, shrink: false });
      baseline = await settledHeap(gc);
    }
    const seed = cli.options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const target = cli.options.baseUrl ?? "a fresh mock";
    process.stdout.write(`Fuzzing ${target} with seed ${seed}${cli.options.readOnly ? ", read-only" : ""}${cli.options.spec ? `, judged by ${cli.options.spec}` : ""}\n`);
    let lastLine = 0;
    const report = await runFuzz({
      ...cli.options,
      seed,
      signal: interrupt.signal,
      onProgress: (done) => {
        if (process.stderr.isTTY && performance.now() - lastLine > 1000) {
          lastLine = performance.now();
          process.stderr.write(`\r${done} requests`);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
    for (const f of report.failures) process.stdout.write(`${describeFailure(f)}\n\n`);
    process.stdout.write(`${formatSummary(report)}\n`);
    let memoryFailed = false;
    if (gc) {
      const after = await settledHeap(gc);
      memoryFailed = after - baseline > HEAP_TOLERANCE_BYTES;
      process.stdout.write(`heap after GC: baseline ${mib(baseline)}, after the run ${mib(after)} (${after >= baseline ? "+" : ""}${mib(after - baseline)}; tolerance ${mib(HEAP_TOLERANCE_BYTES)})${memoryFailed ? " ✗ memory did not return to its baseline" : ""}\n`);
    }
    if (cli.junit) writeFileSync(cli.junit, toJUnit(report));
    if (cli.json) writeFileSync(cli.json, toJson(report));
    if (report.interrupted) return 130;
    return report.failureCount > 0 || memoryFailed || report.cleanup.failed.length > 0 ? 1 : 0;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** `energy-coordination fuzz`: resolves with the exit code (1 on any failure, 2 on bad usage). */
export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    return await main(argv, env);
  } catch (e) {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof UsageError) process.stderr.write("(see energy-coordination fuzz --help)\n");
    return e instanceof UsageError ? 2 : 1;
  }
}
