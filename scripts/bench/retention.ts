// Bounded memory and fairness under a burst (issue 15), measured on one mock in its own process:
// - one client simulates `events` price curves; the mock keeps its newest `cap`, so its RSS after a full GC must
//   stay flat once the cap is reached (read at the cap and at a few points after it);
// - another client's `GET /users/{id}` rate alone, then while the first client sends a burst of `burst` simulations.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { V8_FLAGS } from "../../mock/cli.js";
import type { MockOptions } from "../../mock/context.js";
import type { RequestBody } from "../../spec/types.js";
import type { GcChildMemory } from "./gc-child.js";

const CHILD = fileURLToPath(new URL("./gc-child.ts", import.meta.url));
const API = "/energy-coordination/v1";
const OWNER = { id: "partner-demo", secret: "partner-demo-secret" };
const OTHER = { id: "bench-other", secret: "bench-other-secret" };

export interface RetentionSizes {
  /** Price curves one client simulates (issue: 100,000). */
  events: number;
  /** Events kept per client (`maxEvents`; the mock's default, 10,000). */
  cap: number;
  /** Simulations in the burst another client must not starve under (issue: 10,000). */
  burst: number;
}

export interface MemoryPoint {
  events: number;
  rssMb: number;
  heapMb: number;
}

export interface RetentionRun {
  sizes: RetentionSizes;
  /** RSS and heap after a full GC, at 0 events, at the cap and at points after it. */
  curve: MemoryPoint[];
  /** Simulations per second while filling the store. */
  simulationRate: number;
  /** The other client's GET /users/{id} per second, alone (mean of before and after the burst) and during it. */
  aloneRate: number;
  duringBurstRate: number;
  burstSeconds: number;
  /** Requests that failed or answered another status than expected. */
  failures: number;
}

interface Child {
  origin: string;
  memory(): Promise<GcChildMemory>;
  stop(): Promise<void>;
}

async function startChild(options: MockOptions): Promise<Child> {
  const child = spawn(process.execPath, ["--expose-gc", ...V8_FLAGS, "--import", "tsx", CHILD, JSON.stringify(options)], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.once("exit", () => child.kill("SIGKILL"));
  const port = await new Promise<number | undefined>((resolve) => {
    child.once("message", (m) => resolve(typeof m === "object" && m !== null && "port" in m && typeof m.port === "number" ? m.port : undefined));
    void gone.then(() => resolve(undefined));
  });
  if (port === undefined) throw new Error(`the mock for the retention scenario did not start: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return {
    origin: `http://127.0.0.1:${port}`,
    memory: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve(m as GcChildMemory));
        child.send("gc");
      }),
    stop: async () => {
      child.kill("SIGTERM");
      await gone;
    },
  };
}

async function login(origin: string, client: { id: string; secret: string }): Promise<string> {
  const res = await fetch(`${origin}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=client_credentials&client_id=${client.id}&client_secret=${client.secret}`,
  });
  const body = (await res.json()) as { access_token?: unknown };
  if (res.status !== 200 || typeof body.access_token !== "string") throw new Error(`set-up: POST /connect/token for ${client.id} answered ${res.status}`);
  return body.access_token;
}

async function post(origin: string, token: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${origin}${API}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`set-up: POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}

interface Fired {
  ok: number;
  failures: number;
  seconds: number;
}

/** Runs autocannon for `amount` requests, or until `until` resolves; counts the expected status as ok. */
function fire(opts: autocannon.Options, expected: number, until?: Promise<unknown>): Promise<Fired> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: 10, sampleInt: 100, ...opts }, (err, result) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      const ok = result.statusCodeStats?.[String(expected) as keyof typeof result.statusCodeStats]?.count ?? 0;
      resolve({ ok, failures: result.requests.total - ok + result.errors, seconds: result.duration });
    });
    void until?.then(() => instance.stop());
  });
}

/** The points at which memory is read: 0, the cap, and four steps from there to the end. */
export function checkpoints(events: number, cap: number): number[] {
  const points = [0, Math.min(cap, events)];
  for (let k = 1; k <= 4; k++) points.push(Math.round(cap + ((events - cap) * k) / 4));
  return [...new Set(points)].filter((p) => p <= events).sort((a, b) => a - b);
}

export async function measureRetention(sizes: RetentionSizes, durationS: number, log: (line: string) => void = () => {}): Promise<RetentionRun> {
  const child = await startChild({ clients: [OWNER, OTHER], maxEvents: sizes.cap });
  try {
    const { origin } = child;
    const owner = await login(origin, OWNER);
    const other = await login(origin, OTHER);
    await post(origin, owner, "/users", { userId: "owner" });
    await post(origin, owner, "/users/owner/locations", { locationId: "home", locationType: "Residential" });
    await post(origin, owner, "/users/owner/locations/home/resources", { resourceId: "tank", resourceType: "HotWaterTank" });
    await post(origin, other, "/users", { userId: "other-user" });
    const simulation: autocannon.Options = {
      url: `${origin}${API}/simulation/events/pricecurve`,
      method: "POST",
      headers: { authorization: `Bearer ${owner}`, "content-type": "application/json" },
      body: JSON.stringify({ priceArea: "NO1", targets: [{ resourceId: "tank", locationId: "home" }] } satisfies RequestBody<"PostPriceCurveSimulation">),
    };
    const read: autocannon.Options = { url: `${origin}${API}/users/other-user`, method: "GET", headers: { authorization: `Bearer ${other}` }, connections: 10 };

    const curve: MemoryPoint[] = [];
    let done = 0;
    let failures = 0;
    let simulatedSeconds = 0;
    for (const point of checkpoints(sizes.events, sizes.cap)) {
      if (point > done) {
        const r = await fire({ ...simulation, connections: 10, amount: point - done }, 200);
        failures += r.failures;
        simulatedSeconds += r.seconds;
        done = point;
      }
      const m = await child.memory();
      curve.push({ events: done, rssMb: m.rssBytes / 2 ** 20, heapMb: m.heapUsedBytes / 2 ** 20 });
      log(`  retention: ${done.toLocaleString("en-US")} price curves simulated, RSS after GC ${(m.rssBytes / 2 ** 20).toFixed(0)} MB, heap ${(m.heapUsedBytes / 2 ** 20).toFixed(0)} MB`);
    }

    // Alone before and after the burst (their mean is the reference), so a machine that gets busier or quieter
    // meanwhile moves both sides of the ratio alike.
    const before = await fire({ ...read, duration: durationS }, 200);
    let burstDone!: () => void;
    const burstOver = new Promise<void>((resolve) => (burstDone = resolve));
    const during = fire({ ...read, duration: 3600 }, 200, burstOver);
    const burst = await fire({ ...simulation, connections: 50, amount: sizes.burst }, 200);
    burstDone();
    const duringBurst = await during;
    const after = await fire({ ...read, duration: durationS }, 200);
    failures += before.failures + duringBurst.failures + burst.failures + after.failures;
    return {
      sizes,
      curve,
      simulationRate: done / simulatedSeconds,
      aloneRate: (before.ok / before.seconds + after.ok / after.seconds) / 2,
      duringBurstRate: duringBurst.ok / duringBurst.seconds,
      burstSeconds: burst.seconds,
      failures,
    };
  } finally {
    await child.stop();
  }
}
