// `npm run bench`: the mock against bare Express 5 and Prism, on this machine, in one run (issue 7).
// Prints a table and the figures the issue sets targets for; `--json FILE` writes the same for comparisons.
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_RETENTION } from "../mock/domain/retention.js";
import { checks, formatChecks, formatContract, formatRetention, formatTable, summarize, summarizeContract, summarizeRetention, type Check, type ContractSummary, type RetentionSummary, type Summary } from "./bench/report.js";
import { runBench, type BenchOptions, type BenchRuns } from "./bench/run.js";
import { SCENARIO_NAMES, scenarios, type ScenarioName } from "./bench/scenarios.js";
import { SERVER_KINDS, type ServerKind } from "./bench/servers.js";
import { formatRedisStore, redisChecks, runRedisStoreBench, type RedisStoreSummary } from "./bench/redis-store.js";
import { checkDoc, writeRun } from "./bench/doc.js";

const USAGE = `Usage: npm run bench -- [options]
  --duration SECONDS     measured time per load (default 5)
  --warmup SECONDS       unmeasured load before it (default 2)
  --connections N        concurrent connections (default 50)
  --repetitions N        interleaved repetitions; medians are reported (default 3)
  --only a,b             scenarios: ${SCENARIO_NAMES.join(", ")} (default all)
  --servers a,b          servers: ${SERVER_KINDS.join(", ")} (default all)
  --events N             events stored for the events scenario (default 1000)
  --scale-users N        users preloaded for the scale scenario (default 100000)
  --retention-events N   price curves one client simulates in the retention scenario (default 100000)
  --retention-cap N      events the mock keeps per client there (--max-events; default 10000, the mock's own)
  --burst N              simulations in the burst another client's reads are measured under (default 10000)
  --share-servers        start each server once per repetition (quicker; its scenarios then share state)
  --store redis          also GET /users/{id} and POST /users on one and two mock replicas keeping their state in
                         Redis (a redis-server started for the run; needs redis-server), and Redis's memory per
                         100,000 users
  --redis-users N        users created to measure that memory (default 100000)
  --json FILE            also write the results as JSON
  --write-doc FILE       replace the section of FILE (docs/benchmarks.md) between <!-- bench-run:begin --> and
                         <!-- bench-run:end --> with this run's command, date, verdict and output
  --cpu-prof DIR         write a CPU profile of every mock started (node --cpu-prof)`;

export interface BenchReport {
  machine: { cpus: number; model: string; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  options: Omit<BenchOptions, "log">;
  results: Summary[];
  contract: ContractSummary | undefined;
  retention: RetentionSummary | undefined;
  redis: RedisStoreSummary | undefined;
  checks: Check[];
  /** Every repetition's figures, for a closer look. */
  runs: BenchRuns;
  /** Loads the options asked for that have no figure (`load on server`): the run measured less than it claims. */
  missing: string[];
}

/** The loads `options` ask for that did not leave a row. */
function missingLoads(options: BenchOptions, rows: BenchRuns["rows"]): string[] {
  const have = new Set(rows.filter((r) => r.samples.length === options.repetitions).map((r) => `${r.id} on ${r.server}`));
  const wanted = scenarios(options.sizes)
    .filter((s) => options.only.includes(s.name))
    .flatMap((s) => s.servers.filter((k) => options.servers.includes(k)).flatMap((k) => s.loads.map((l) => `${l.id} on ${k}`)));
  return wanted.filter((w) => !have.has(w));
}

class UsageError extends Error {}

function number(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number >= ${min}, got ${value}`);
  return n;
}

function list<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (unknown.length > 0 || items.length === 0) throw new UsageError(`--${name}: unknown ${unknown.join(", ") || "(empty)"}; choose from ${allowed.join(", ")}`);
  return allowed.filter((a) => items.includes(a));
}

export type Options = Omit<BenchOptions, "log"> & { redisUsers?: number };

export function parseOptions(argv: string[]): { options: Options; json: string | undefined; writeDoc: string | undefined; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        duration: { type: "string" },
        warmup: { type: "string" },
        connections: { type: "string" },
        repetitions: { type: "string" },
        only: { type: "string" },
        servers: { type: "string" },
        events: { type: "string" },
        "scale-users": { type: "string" },
        "retention-events": { type: "string" },
        "retention-cap": { type: "string" },
        burst: { type: "string" },
        json: { type: "string" },
        "write-doc": { type: "string" },
        "cpu-prof": { type: "string" },
        "share-servers": { type: "boolean" },
        store: { type: "string" },
        "redis-users": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.store !== undefined && values.store !== "redis") throw new UsageError(`--store: ${values.store} is not a store the benchmark knows; use redis`);
  const options: Options = {
    durationS: number("duration", values.duration, 5, 0.1),
    warmupS: number("warmup", values.warmup, 2, 0),
    connections: Math.round(number("connections", values.connections, 50, 1)),
    repetitions: Math.round(number("repetitions", values.repetitions, 3, 1)),
    only: list<ScenarioName>("only", values.only, SCENARIO_NAMES),
    servers: list<ServerKind>("servers", values.servers, SERVER_KINDS),
    sizes: {
      events: Math.round(number("events", values.events, 1000, 1)),
      scaleUsers: Math.round(number("scale-users", values["scale-users"], 100_000, 1)),
      retention: {
        events: Math.round(number("retention-events", values["retention-events"], 100_000, 1)),
        cap: Math.round(number("retention-cap", values["retention-cap"], DEFAULT_RETENTION.maxEvents, 1)),
        burst: Math.round(number("burst", values.burst, 10_000, 1)),
      },
    },
    ...(values["cpu-prof"] !== undefined && { cpuProfDir: values["cpu-prof"] }),
    ...(values["share-servers"] === true && { shareServers: true }),
    ...(values.store === "redis" && { redisUsers: Math.round(number("redis-users", values["redis-users"], 100_000, 1000)) }),
  };
  return { options, json: values.json, writeDoc: values["write-doc"], help: values.help === true };
}

/** Runs the benchmark and renders it; the smoke test calls this with a short duration. */
export async function bench(options: BenchOptions & { redisUsers?: number }): Promise<{ report: BenchReport; text: string }> {
  const loadAverageBefore = loadavg();
  const runs = await runBench(options);
  const redis = options.redisUsers === undefined ? undefined : await runRedisStoreBench(options, options.redisUsers, options.log ?? (() => undefined));
  const results = summarize(runs.rows);
  const contract = summarizeContract(runs.contract);
  const retention = summarizeRetention(runs.retention);
  const list = [...checks(results, contract, retention), ...redisChecks(redis)];
  const { log: _log, ...plain } = options;
  const report: BenchReport = {
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? "unknown", node: process.version, loadAverageBefore, loadAverageAfter: loadavg() },
    options: plain,
    results,
    contract,
    retention,
    redis,
    checks: list,
    runs,
    missing: missingLoads(options, runs.rows),
  };
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  const m = report.machine;
  const sections = [
    `${m.cpus} CPUs (${m.model}), Node ${m.node}; load average ${la(m.loadAverageBefore)} before, ${la(m.loadAverageAfter)} after\n` +
      `${options.connections} connections, ${options.warmupS} s warm-up, ${options.durationS} s measured, ${options.repetitions} repetition(s)`,
    results.length > 0 ? formatTable(results) : "",
    formatContract(contract),
    formatRetention(retention),
    formatRedisStore(redis),
    formatChecks(list),
  ];
  const text = sections.filter(Boolean).join("\n\n");
  return { report, text };
}

/** Why the run fails (exit 1): invalid loads, loads that did not run, a contract suite that did not pass, missed figures. */
export function failuresOf(report: BenchReport): string[] {
  const failures: string[] = [];
  if (report.results.some((r) => !r.valid) || report.contract?.valid === false || report.retention?.valid === false || report.redis?.rows.some((r) => r.mismatches > 0)) {
    failures.push("some responses had an unexpected status (rows marked INVALID, or the retention scenario) or the contract suite failed");
  }
  if (report.missing.length > 0) failures.push(`${report.missing.length} load(s) did not run: ${report.missing.join("; ")}`);
  if (report.options.only.includes("contract") && report.contract === undefined) failures.push("the contract suite did not run");
  // A figure that missed its target fails the run, and so does one that could not be measured for a load that ran.
  const missed = report.checks.filter((c) => c.pass === false).map((c) => c.name);
  if (missed.length > 0) failures.push(`${missed.length} figure(s) missed their target: ${missed.join("; ")}`);
  return failures;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, json, writeDoc, help } = parseOptions(argv);
  if (help) {
    console.log(USAGE);
    return;
  }
  if (writeDoc !== undefined) checkDoc(writeDoc);
  const { report, text } = await bench({ ...options, log: (line) => console.error(line) });
  console.log(`\n${text}`);
  if (json) writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const failures = failuresOf(report);
  if (writeDoc !== undefined) writeRun(writeDoc, { argv, text, failures, at: new Date() });
  for (const failure of failures) console.error(`bench: ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Exit through process.exit so the servers still running are stopped (see servers.ts).
  process.once("SIGINT", () => process.exit(130));
  main().catch((e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}${e instanceof UsageError ? `\n${USAGE}` : ""}`);
    process.exitCode = 2;
  });
}
