// `npm run bench -- --store redis`: GET /users/{id} and POST /users on the in-memory mock, on one mock replica
// keeping its state in Redis, and on two replicas sharing that Redis (the connections split between them, as a
// round-robin balancer would), in the same run; then Redis's memory per 100,000 users. Starts its own redis-server.
// Also two in-memory mocks that share nothing, loaded the same way: what two processes can answer on this machine
// at all, the ceiling of the two replicas' figure.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import type autocannon from "autocannon";
import { Redis } from "ioredis";
import { projectPath } from "../../spec/paths.js";
import { startTestRedis, type TestRedis } from "../../mock/state/redis/test-server.js";
import { measure, type LoadSettings, type Measurement } from "./load.js";
import type { Check } from "./report.js";
import { DEMO_CREDENTIALS, LOAD_QUOTAS } from "./servers.js";

const MOCK_BIN = projectPath("dist", "bin", "energy-coordination.js");

export interface RedisRow {
  load: "GET /users/{id}" | "POST /users (fresh id)";
  setup: "memory" | "memory, 2 mocks sharing nothing" | "redis, 1 replica" | "redis, 2 replicas";
  rate: number;
  p99Ms: number;
  mismatches: number;
  /** The replicas' CPU time (user + system) per request, in µs: the figure to compare by on a loaded machine. */
  cpuUs: number;
  /** Redis's own CPU time per request, in µs (its INFO cpu), which the replicas share. */
  redisCpuUs: number;
}

export interface RedisStoreSummary {
  rows: RedisRow[];
  /** Redis's used_memory for 100,000 users (each with a location), from the growth over a measured batch. */
  bytesPer100kUsers: number;
  usersMeasured: number;
}

interface Replica {
  child: ChildProcess;
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

async function startReplica(store: string | undefined, prefix: string): Promise<Replica> {
  const args = [MOCK_BIN, "mock", "--port", "0", "--log", "off", ...LOAD_QUOTAS, ...(store ? ["--store", store, "--store-prefix", prefix] : [])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const started = Date.now();
  while (!/API base URL\s+(http:\/\/[^/\s]+)/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`the mock did not start: ${out.trim()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const origin = /API base URL\s+(http:\/\/[^/\s]+)/.exec(out)![1]!;
  return {
    child,
    origin,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function login(origin: string): Promise<string> {
  const res = await fetch(`${origin}/connect/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: DEMO_CREDENTIALS });
  return ((await res.json()) as { access_token: string }).access_token;
}

const API = "/energy-coordination/v1";

/** The two loads' requests for a logged-in client; the GET reads a user created here. */
async function loads(origin: string, token: string): Promise<{ get: autocannon.Request; post: autocannon.Request }> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const userId = `bench-${randomUUID()}`;
  const created = await fetch(`${origin}${API}/users`, { method: "POST", headers, body: JSON.stringify({ userId }) });
  if (created.status !== 201) throw new Error(`set-up: POST /users answered ${created.status}`);
  const prefix = randomUUID();
  let n = 0;
  return {
    get: { method: "GET", path: `${API}/users/${userId}`, headers },
    post: { method: "POST", path: `${API}/users`, headers, setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: `${prefix}-${n++}` }) }) },
  };
}

/** Redis's CPU time so far (user + system, its main thread and children), in ms. */
async function redisCpuMs(client: Redis): Promise<number> {
  const info = await client.info("cpu");
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? NaN);
  return (field("used_cpu_user") + field("used_cpu_sys") + field("used_cpu_user_children") + field("used_cpu_sys_children")) * 1000;
}

/**
 * Runs a load on one or more replicas at once, the connections split evenly; rates add up, p99 is the worst, CPU per
 * request is the replicas' mean weighted by their rates. Redis's CPU counts its warm-up too (a little high).
 */
async function measureOn(replicas: Replica[], requests: autocannon.Request[], expected: number, settings: LoadSettings, client: Redis): Promise<Measurement & { redisCpuUs: number }> {
  const each = { ...settings, connections: Math.max(1, Math.round(settings.connections / replicas.length)) };
  const cpuBefore = await redisCpuMs(client);
  const results = await Promise.all(replicas.map((r, i) => measure(r.origin, r.pid, { unit: "req", expected: [expected], requests: [requests[i]!] }, each)));
  const cpuAfter = await redisCpuMs(client);
  const rate = results.reduce((sum, m) => sum + m.rate, 0);
  return {
    ...results[0]!,
    rate,
    p99Ms: Math.max(...results.map((m) => m.p99Ms)),
    mismatches: results.reduce((sum, m) => sum + m.mismatches, 0),
    cpuUsPerUnit: results.reduce((sum, m) => sum + m.cpuUsPerUnit * m.rate, 0) / rate,
    redisCpuUs: ((cpuAfter - cpuBefore) * 1000) / (rate * (settings.durationS + settings.warmupS)),
  };
}

/** Redis's memory for users created through the API (a batch of 1,000 users, then a location each, at a time). */
async function memoryPerUsers(redis: TestRedis, users: number): Promise<number> {
  const prefix = `mem${Date.now()}:`;
  const replica = await startReplica(redis.url, prefix);
  const client = new Redis(redis.port, "127.0.0.1");
  try {
    const token = await login(replica.origin);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await client.info("memory"))![1]);
    const before = await usedMemory();
    for (let start = 0; start < users; start += 1000) {
      const ids = Array.from({ length: Math.min(1000, users - start) }, (_, i) => `user-${start + i}`);
      const res = await fetch(`${replica.origin}${API}/users/batch`, { method: "POST", headers, body: JSON.stringify({ users: ids.map((userId) => ({ userId })) }) });
      if (res.status !== 201) throw new Error(`set-up: POST /users/batch answered ${res.status}`);
      const located = await fetch(`${replica.origin}${API}/users/locations/batch`, {
        method: "POST",
        headers,
        body: JSON.stringify({ locations: ids.map((userId) => ({ userId, locationId: "home", locationType: "Residential", meterPointIds: ["707057500000000001"] })) }),
      });
      if (located.status !== 201) throw new Error(`set-up: POST /users/locations/batch answered ${located.status}`);
    }
    return ((await usedMemory()) - before) * (100_000 / users);
  } finally {
    client.disconnect();
    await replica.stop();
  }
}

export async function runRedisStoreBench(settings: LoadSettings, memoryUsers: number, log: (line: string) => void): Promise<RedisStoreSummary> {
  const redis = await startTestRedis();
  const client = new Redis(redis.port, "127.0.0.1");
  const rows: RedisRow[] = [];
  try {
    const setups: [RedisRow["setup"], (string | undefined)[]][] = [
      ["memory", [undefined]],
      ["memory, 2 mocks sharing nothing", [undefined, undefined]],
      ["redis, 1 replica", [redis.url]],
      ["redis, 2 replicas", [redis.url, redis.url]],
    ];
    for (const [setup, stores] of setups) {
      const prefix = `bench${rows.length}:`;
      const replicas = await Promise.all(stores.map((store) => startReplica(store, prefix)));
      try {
        // Replicas share their tokens through Redis; mocks that share nothing each issue their own.
        const shared = stores[0] !== undefined ? await login(replicas[0]!.origin) : undefined;
        const perReplica = await Promise.all(replicas.map(async (r) => loads(r.origin, shared ?? (await login(r.origin)))));
        for (const [load, pick, status] of [["GET /users/{id}", "get", 200], ["POST /users (fresh id)", "post", 201]] as const) {
          const m = await measureOn(replicas, perReplica.map((l) => l[pick]), status, settings, client);
          rows.push({ load, setup, rate: m.rate, p99Ms: m.p99Ms, mismatches: m.mismatches, cpuUs: m.cpuUsPerUnit, redisCpuUs: m.redisCpuUs });
          log(`${load} on ${setup}: ${Math.round(m.rate)} req/s, p99 ${m.p99Ms} ms, CPU ${Math.round(m.cpuUsPerUnit)} µs each`);
        }
      } finally {
        await Promise.all(replicas.map((r) => r.stop()));
      }
    }
    const bytesPer100kUsers = await memoryPerUsers(redis, memoryUsers);
    return { rows, bytesPer100kUsers, usersMeasured: memoryUsers };
  } finally {
    client.disconnect();
    await redis.stop();
  }
}

export function formatRedisStore(s: RedisStoreSummary | undefined): string {
  if (!s) return "";
  const lines = ["load                    store                              req/s   p99 ms  unexpected  CPU µs each  Redis CPU µs each"];
  for (const r of s.rows) {
    const redisCpu = r.setup.startsWith("memory") ? "-" : String(Math.round(r.redisCpuUs));
    lines.push(`${r.load.padEnd(24)}${r.setup.padEnd(33)}${Math.round(r.rate).toLocaleString("en-US").padStart(7)}${String(r.p99Ms).padStart(9)}${String(r.mismatches).padStart(12)}${String(Math.round(r.cpuUs)).padStart(13)}${redisCpu.padStart(19)}`);
  }
  lines.push("CPU µs each: the replicas' CPU time per request (on a loaded machine compare by it); Redis's includes the warm-up.");
  lines.push(`Redis memory: ${(s.bytesPer100kUsers / 1024 / 1024).toFixed(1)} MB per 100,000 users with a location each (measured over ${s.usersMeasured.toLocaleString("en-US")}).`);
  return lines.join("\n");
}

/** The rate of a load on a setup, for the checks. */
export function redisRate(s: RedisStoreSummary | undefined, load: RedisRow["load"], setup: RedisRow["setup"]): RedisRow | undefined {
  return s?.rows.find((r) => r.load === load && r.setup === setup);
}

/**
 * Issue 30's targets: one Redis replica's GET rate at least 0.75 of the in-memory mock's, two replicas 0.9; p99 at 50
 * connections. Beside them, two in-memory mocks sharing nothing, loaded alike: the most two processes answer here.
 */
export function redisChecks(redis: RedisStoreSummary | undefined): Check[] {
  if (!redis) return [];
  const memory = redisRate(redis, "GET /users/{id}", "memory");
  const one = redisRate(redis, "GET /users/{id}", "redis, 1 replica");
  const two = redisRate(redis, "GET /users/{id}", "redis, 2 replicas");
  const unshared = redisRate(redis, "GET /users/{id}", "memory, 2 mocks sharing nothing");
  const ratio = (r: { rate: number } | undefined) => (memory && r ? r.rate / memory.rate : undefined);
  const atLeast = (name: string, value: number | undefined, min: number): Check => ({ name, value, target: `>= ${min}`, pass: value === undefined ? undefined : value >= min });
  return [
    atLeast("GET /users/{id}: one Redis replica / in-memory", ratio(one), 0.75),
    atLeast("GET /users/{id}: two Redis replicas / in-memory", ratio(two), 0.9),
    { name: "GET /users/{id}: two in-memory mocks sharing nothing / in-memory (two replicas' ceiling here)", value: ratio(unshared), target: "info", pass: undefined, info: true },
    { name: "p99 of one Redis replica, GET /users/{id}", value: one?.p99Ms, target: "<= 50 ms", pass: one === undefined ? undefined : one.p99Ms <= 50 },
  ];
}
