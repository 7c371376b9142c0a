// Runs the benchmark: repetitions interleaved (every scenario on every server, then again, the servers in the
// opposite order every other time, so that a machine growing busier or quieter during the run does not favour the
// server measured first), each scenario on a freshly started server so no run inherits another's state (unless
// `shareServers` asks for speed instead).
import { timeContractRun, type ContractRun } from "./contract.js";
import { measureRetention, type RetentionRun } from "./retention.js";
import type { LoadSettings, Measurement } from "./load.js";
import { measure } from "./load.js";
import { scenarios, type Scenario, type ScenarioName, type ScenarioSizes } from "./scenarios.js";
import { SERVER_LABELS, startServer, type RunningServer, type ServerKind } from "./servers.js";

export interface BenchOptions extends LoadSettings {
  repetitions: number;
  only: readonly ScenarioName[];
  servers: readonly ServerKind[];
  sizes: ScenarioSizes;
  /** Writes `node --cpu-prof` profiles of every mock started into this directory. */
  cpuProfDir?: string;
  /** Starts each server (and preload) once per repetition and runs all its scenarios on it: quicker, but they share state. */
  shareServers?: boolean;
  log?: (line: string) => void;
}

export interface Sample extends Measurement {
  startupMs: number;
  /** The server's RSS after start-up (and any preload), before its first load. */
  restRssBytes: number;
}

/** One load on one server, with a sample per repetition. */
export interface Row {
  id: string;
  title: string;
  server: ServerKind;
  unit: "req" | "flow";
  /** The scenario preloads data, so its start-up time includes loading it. */
  preloaded: boolean;
  samples: Sample[];
}

/** Starts servers for scenarios: a fresh one each time, or one per kind and preload until `stopAll`. */
function serverPool(options: BenchOptions) {
  const shared = new Map<string, RunningServer>();
  const start = (kind: ServerKind, scenario: Scenario) =>
    startServer(kind, { ...(scenario.preload && { preload: scenario.preload }), ...(options.cpuProfDir && { cpuProfDir: options.cpuProfDir }) });
  return {
    async get(kind: ServerKind, scenario: Scenario): Promise<RunningServer> {
      if (!options.shareServers) return start(kind, scenario);
      const key = `${kind} ${JSON.stringify(scenario.preload ?? {})}`;
      let server = shared.get(key);
      if (!server) shared.set(key, (server = await start(kind, scenario)));
      return server;
    },
    async release(server: RunningServer): Promise<void> {
      if (!options.shareServers) await server.stop();
    },
    async stopAll(): Promise<void> {
      for (const server of shared.values()) await server.stop();
      shared.clear();
    },
  };
}

export interface BenchRuns {
  rows: Row[];
  /** One run of the contract suite per repetition (when `only` names `contract`). */
  contract: ContractRun[];
  /** One retention run per repetition (when `only` names `retention`). */
  retention: RetentionRun[];
}

export async function runBench(options: BenchOptions): Promise<BenchRuns> {
  const log = options.log ?? (() => {});
  const rows = new Map<string, Row>();
  const contract: ContractRun[] = [];
  const retention: RetentionRun[] = [];
  const chosen = scenarios(options.sizes).filter((s) => options.only.includes(s.name));
  const pool = serverPool(options);
  for (let rep = 1; rep <= options.repetitions; rep++) {
    try {
      await runRepetition(rep);
    } finally {
      await pool.stopAll();
    }
  }
  return { rows: [...rows.values()], contract, retention };

  async function runRepetition(rep: number): Promise<void> {
    for (const scenario of chosen) {
      const kinds = scenario.servers.filter((k) => options.servers.includes(k));
      for (const kind of rep % 2 === 0 ? kinds.reverse() : kinds) {
        const server = await pool.get(kind, scenario);
        try {
          for (const load of scenario.loads) {
            const plan = await load.prepare(server);
            const url = new URL(server.apiBase).origin;
            const m = await measure(url, server.pid, plan, options);
            const key = `${load.id}/${kind}`;
            let row = rows.get(key);
            if (!row) rows.set(key, (row = { id: load.id, title: load.title, server: kind, unit: plan.unit, preloaded: scenario.preload !== undefined, samples: [] }));
            row.samples.push({ ...m, startupMs: server.startupMs, restRssBytes: server.restRssBytes });
            const unit = plan.unit === "flow" ? "flows/s" : "req/s";
            const bad = m.mismatches + m.errors > 0 ? `  (${m.mismatches} wrong statuses, ${m.errors} errors)` : "";
            log(`[${rep}/${options.repetitions}] ${load.title} on ${SERVER_LABELS[kind]}: ${Math.round(m.rate)} ${unit}, ${Math.round(m.cpuUsPerUnit)} µs CPU each, p99 ${m.p99Ms} ms${bad}`);
          }
        } finally {
          await pool.release(server);
        }
      }
    }
    if (options.only.includes("contract")) {
      const run = await timeContractRun();
      contract.push(run);
      log(`[${rep}/${options.repetitions}] contract suite against a local mock: ${Math.round(run.wallMs)} ms, ${run.passed} passed, ${run.failed} failed`);
    }
    if (options.only.includes("retention")) {
      log(`[${rep}/${options.repetitions}] retention: one client simulates ${options.sizes.retention.events.toLocaleString("en-US")} price curves (newest ${options.sizes.retention.cap.toLocaleString("en-US")} kept)`);
      const run = await measureRetention(options.sizes.retention, options.durationS, log);
      retention.push(run);
      log(`[${rep}/${options.repetitions}] retention: another client's GET /users/{id} ${Math.round(run.aloneRate)} req/s alone, ${Math.round(run.duringBurstRate)} req/s during a burst of ${options.sizes.retention.burst.toLocaleString("en-US")} simulations`);
    }
  }
}
