// The servers under test, each started in its own child process and timed from spawn to its first 200.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { SPEC_PATH } from "../../spec/openapi.js";
import type { Preload } from "./preload.js";
import type { ChildReady } from "./server-child.js";

export const SERVER_KINDS = ["mock", "express", "prism", "prism-quiet"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const SERVER_LABELS: Record<ServerKind, string> = {
  mock: "mock",
  express: "bare Express 5",
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
  /** Spawn to the first 200 (for the mock this includes any preload). */
  startupMs: number;
  stop(): Promise<void>;
}

export const DEMO_CREDENTIALS = "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret";
const STARTUP_LIMIT_MS = 60_000;
const CHILD = fileURLToPath(new URL("./server-child.ts", import.meta.url));
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

/** The request each kind must answer with 200 to count as started. */
function probe(kind: ServerKind, origin: string): () => Promise<boolean> {
  const request: [string, RequestInit] =
    kind === "mock"
      ? [`${origin}/connect/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: DEMO_CREDENTIALS }]
      : kind === "express"
        ? [`${origin}/energy-coordination/v1/users/probe`, {}]
        : [`${origin}/users/probe`, { headers: { authorization: "Bearer probe" } }];
  return async () => {
    try {
      const res = await fetch(request[0], { ...request[1], signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  };
}

// A server must not outlive the benchmark, even one stopped by Ctrl-C or an error (Prism has no IPC channel to notice).
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function spawnChild(kind: ServerKind, port: number, options: StartOptions): ChildProcess {
  if (kind === "prism" || kind === "prism-quiet") {
    const args = [PRISM_CLI, "mock", SPEC_PATH, "-p", String(port), "-h", "127.0.0.1", ...(kind === "prism-quiet" ? ["-v", "silent"] : [])];
    // Prism's log goes to stdout as users run it; here it is written to /dev/null instead of a terminal.
    return spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  }
  const profile = kind === "mock" && options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfDir] : [];
  return spawn(process.execPath, [...profile, "--import", "tsx", CHILD, kind, JSON.stringify(options.preload ?? {})], {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
}

/** Starts one server and waits for its first 200. */
export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<RunningServer> {
  const prism = kind === "prism" || kind === "prism-quiet";
  const chosenPort = prism ? await freePort() : 0;
  const started = performance.now();
  const child = spawnChild(kind, chosenPort, options);
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
  if (!prism) {
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
  if (child.pid === undefined) return fail("has no pid");
  return {
    kind,
    pid: child.pid,
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
