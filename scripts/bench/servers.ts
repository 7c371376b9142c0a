// The servers under test, each started in its own child process and timed from spawn to its first 200.
// The mock starts as an installed package starts it (`energy-coordination mock`, the built bin in dist/), with
// `--seed FILE` for a preload; `npm run bench` builds dist/ first.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { SPEC_PATH } from "../../spec/openapi.js";
import { projectPath } from "../../spec/paths.js";
import { rssOf } from "./memory.js";
import { writeSeedFile, type Preload } from "./preload.js";
import type { ChildReady } from "./server-child.js";

/**
 * A load creates far more users (and the flow far more reports) for one client than a partner's sandbox allows
 * (quotas.ts): the benchmark's mocks raise those quotas so that a load measures the mock, not its refusals. The
 * reports' quotas count every report stored since the last reset: the flow passed them after ~9,300 flows on one mock.
 */
export const LOAD_QUOTAS = ["--quota", "users=1000000000", "--quota", "locations=1000000000", "--quota", "resources=1000000000", "--quota", "reports=1000000000", "--quota", "reportBytes=1000000000"];

export const SERVER_KINDS = ["mock", "mock-log", "express", "node", "prism", "prism-quiet"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const SERVER_LABELS: Record<ServerKind, string> = {
  mock: "mock",
  "mock-log": "mock (logging on)",
  express: "bare Express 5",
  node: "raw node:http",
  prism: "Prism (default)",
  "prism-quiet": "Prism (logging off)",
};

export interface StartOptions {
  preload?: Preload;
  /** Directory for `node --cpu-prof` profiles of the mock (one file per server started). */
  cpuProfDir?: string;
}

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  /** Origin plus the API's base path: `http://127.0.0.1:PORT/energy-coordination/v1` (Prism serves at the root). */
  apiBase: string;
  /** The token endpoint (the mock's only; the others need no token). */
  tokenUrl: string;
  /** Spawn to the first 200 (for the mock: of an API request, after a token; this includes any preload). */
  startupMs: number;
  /** The server's RSS right after that first 200, before any load (0 if it could not be read). */
  restRssBytes: number;
  stop(): Promise<void>;
}

export const DEMO_CREDENTIALS = "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret";
const STARTUP_LIMIT_MS = 60_000;
const CHILD = fileURLToPath(new URL("./server-child.ts", import.meta.url));
const MOCK_BIN = projectPath("dist", "bin", "energy-coordination.js");
const PRISM_CLI = createRequire(import.meta.url).resolve("@stoplight/prism-cli");

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port on 127.0.0.1");
  return address.port;
}

/** Keeps the last lines a child wrote to stderr, to explain a failed start in one line. */
function stderrTail(child: ChildProcess): () => string {
  let tail = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-2000);
  });
  return () => tail.trim().split("\n").filter(Boolean).slice(-3).join(" | ");
}

const isReady = (m: unknown): m is ChildReady => typeof m === "object" && m !== null && "port" in m && typeof m.port === "number";

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

async function answers200(url: string, init: RequestInit = {}): Promise<Response | undefined> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    if (res.status === 200) return res;
    await res.arrayBuffer();
  } catch {
    // not up yet
  }
  return undefined;
}

/**
 * The request each kind must answer with 200 to count as started. For the mock, a token and then an API request
 * (`GET /users`, which runs auth and parameter validation): validators compile on first use, so the token alone
 * would leave that work out of the figure.
 */
function probe(kind: ServerKind, origin: string): () => Promise<boolean> {
  if (isMock(kind)) {
    return async () => {
      const res = await answers200(`${origin}/connect/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: DEMO_CREDENTIALS });
      const body: unknown = await res?.json();
      const token = typeof body === "object" && body !== null && "access_token" in body ? body.access_token : undefined;
      if (typeof token !== "string") return false;
      const api = await answers200(`${origin}/energy-coordination/v1/users?page=1&pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
      await api?.arrayBuffer();
      return api !== undefined;
    };
  }
  const framework = kind === "express" || kind === "node";
  const url = framework ? `${origin}/energy-coordination/v1/users/probe` : `${origin}/users/probe`;
  return async () => {
    const res = await answers200(url, framework ? {} : { headers: { authorization: "Bearer probe" } });
    await res?.arrayBuffer();
    return res !== undefined;
  };
}

// A server must not outlive the benchmark, even one stopped by Ctrl-C or an error (Prism has no IPC channel to notice).
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function spawnChild(kind: ServerKind, port: number, options: StartOptions, seedFile: string | undefined): ChildProcess {
  if (kind === "prism" || kind === "prism-quiet") {
    const args = [PRISM_CLI, "mock", SPEC_PATH, "-p", String(port), "-h", "127.0.0.1", ...(kind === "prism-quiet" ? ["-v", "silent"] : [])];
    // Prism's log goes to stdout as users run it; here it is written to /dev/null instead of a terminal.
    return spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  }
  if (isMock(kind)) {
    const profile = options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfDir] : [];
    // What `npx energy-coordination mock --port 0 [--seed FILE]` runs, minus npx's own launcher process; MOCK_*
    // variables of the caller's shell are left out so they cannot change the mock under test.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MOCK_")));
    if (kind === "mock-log") {
      // Logging on, its lines to /dev/null as Prism's are: a pipe read by this process would slow the load generator
      // beside it, which is not the mock's cost. The port is chosen here, since the printed one cannot be read.
      return spawn(process.execPath, [...profile, MOCK_BIN, "mock", "--port", String(port), "--log", "pretty", ...LOAD_QUOTAS, ...(seedFile ? ["--seed", seedFile] : [])], { stdio: ["ignore", "ignore", "pipe"], env });
    }
    return spawn(process.execPath, [...profile, MOCK_BIN, "mock", "--port", "0", "--log", "off", ...LOAD_QUOTAS, ...(seedFile ? ["--seed", seedFile] : [])], { stdio: ["ignore", "pipe", "pipe"], env });
  }
  return spawn(process.execPath, ["--import", "tsx", CHILD, ...(kind === "node" ? ["raw"] : [])], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
}

/** The mock under load logs nothing, as in a benchmark; "mock-log" prints a line per request as the CLI does by default. */
const isMock = (kind: ServerKind): boolean => kind === "mock" || kind === "mock-log";

/** The port the mock's CLI prints once it listens (`API base URL  http://127.0.0.1:PORT/...`). */
function printedPort(child: ChildProcess): Promise<number | undefined> {
  return new Promise((resolve) => {
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const port = /API base URL\s+http:\/\/[^\s/]+:(\d+)\//.exec(out)?.[1];
      if (port !== undefined) {
        child.stdout?.removeAllListeners("data").resume();
        resolve(Number(port));
      }
    });
    child.once("exit", () => resolve(undefined));
  });
}

/** Starts one server and waits for its first 200. */
export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<RunningServer> {
  if (isMock(kind) && !existsSync(MOCK_BIN)) throw new Error(`${MOCK_BIN} is missing: run npm run build first (npm run bench does)`);
  const prism = kind === "prism" || kind === "prism-quiet";
  const chosenPort = prism || kind === "mock-log" ? await freePort() : 0;
  // Written before the clock starts (users have their file already); removed once the mock has read it.
  const seed = isMock(kind) && options.preload ? writeSeedFile(options.preload) : undefined;
  const started = performance.now();
  const child = spawnChild(kind, chosenPort, options, seed?.file);
  running.add(child);
  const tail = stderrTail(child);
  const gone = exited(child);
  void gone.then(() => running.delete(child));
  const fail = async (why: string): Promise<never> => {
    child.kill("SIGKILL");
    await gone;
    const detail = tail();
    throw new Error(`${SERVER_LABELS[kind]} ${why}${detail ? `: ${detail}` : ""}`);
  };
  let port = chosenPort;
  if (kind === "mock") {
    const printed = await printedPort(child);
    seed?.remove();
    if (printed === undefined) return fail("exited before listening");
    port = printed;
  } else if (kind === "mock-log") {
    // Its seed file is read before it answers; removed once the probe below has had its 200.
  } else if (!prism) {
    const ready = await new Promise<ChildReady | undefined>((resolve) => {
      child.once("message", (m) => resolve(isReady(m) ? m : undefined));
      void gone.then(() => resolve(undefined));
    });
    if (ready === undefined) return fail("exited before listening");
    port = ready.port;
  }
  const origin = `http://127.0.0.1:${port}`;
  const answers = probe(kind, origin);
  let alive = true;
  void gone.then(() => (alive = false));
  while (!(await answers())) {
    if (!alive) return fail("exited before answering 200");
    if (performance.now() - started > STARTUP_LIMIT_MS) return fail(`did not answer 200 within ${STARTUP_LIMIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startupMs = performance.now() - started;
  if (kind === "mock-log") seed?.remove();
  if (child.pid === undefined) return fail("has no pid");
  return {
    kind,
    pid: child.pid,
    restRssBytes: rssOf(child.pid) ?? 0,
    apiBase: prism ? origin : `${origin}/energy-coordination/v1`,
    tokenUrl: `${origin}/connect/token`,
    startupMs,
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
