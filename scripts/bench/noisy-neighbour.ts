// `npm run bench:noisy-neighbour [-- --duration S --store URL --limit MS --connections N --time-each --cpu-prof DIR]`:
// one partner runs its most expensive requests (compensation over its whole report quota, 1,000-item pages of users,
// events and delivery logs, every webhook, 1,000-user batches, price curves over its whole catalogue) on 16
// connections, while another partner reads its own user and webhooks one request at a time. Prints the quiet
// partner's latencies and exits 1 when its p99 passes the limit (default 100 ms). The mock runs as partners run it
// (the built CLI, dist/); the noisy load runs in a child process of its own, so the load generator never shares the
// quiet partner's event loop. `--time-each` times each noisy request alone, `--cpu-prof DIR` profiles the mock.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { projectPath } from "../../spec/paths.js";

const NOISY = { id: "noisy", secret: "noisy-secret-0123456789" };
const QUIET = { id: "quiet", secret: "quiet-secret-0123456789" };
const API = "/energy-coordination/v1";
const MOCK_BIN = projectPath("dist", "bin", "energy-coordination.js");
const SELF = fileURLToPath(import.meta.url);

interface NoisyPlan {
  origin: string;
  token: string;
  durationS: number;
  connections: number;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port on 127.0.0.1");
  return address.port;
}

async function token(origin: string, client: { id: string; secret: string }): Promise<string> {
  const res = await fetch(`${origin}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token for ${client.id}: ${res.status}`);
  return body.access_token;
}

/** A call that must answer one of the expected statuses (the set-up stops with one line otherwise). */
async function call(origin: string, bearer: string, method: string, path: string, body: unknown, ...expected: number[]): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${origin}${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`set-up: ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as unknown) : text };
}

/** Fills the noisy partner up to its quotas: users, one tank with a price curve, reports, webhooks. */
async function fillNoisy(origin: string, bearer: string): Promise<void> {
  for (let b = 0; ; b++) {
    const users = Array.from({ length: 1000 }, (_, i) => ({ userId: `u${b}-${i}` }));
    if ((await call(origin, bearer, "POST", "/users/batch", { users }, 201, 409)).status === 409) break;
  }
  await call(origin, bearer, "POST", "/users/u0-0/locations", { locationId: "l1", meterPointIds: ["707057500000000001"] }, 201);
  await call(origin, bearer, "POST", "/users/u0-0/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" }, 201);
  const event = (await call(origin, bearer, "POST", "/simulation/events/pricecurve", { targets: [{ resourceId: "r1", locationId: "l1" }] }, 200)).body as {
    simulatedEvent: { id: string; payload: { priceCurveDelta: { points: { timestamp: string }[] } } };
  };
  const points = event.simulatedEvent.payload.priceCurveDelta.points.map((p) => ({ timestamp: p.timestamp, kiloWattHours: 1.5 }));
  const payload = { payloadType: "EnergyUsage", resourceId: "r1", locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points };
  const payloads = Array.from({ length: 100 }, () => payload);
  while ((await call(origin, bearer, "POST", "/reports", { eventId: event.simulatedEvent.id, payloads }, 200, 409)).status === 200);
  for (let i = 0; ; i++) {
    const res = await call(origin, bearer, "POST", "/webhooks", { webhookUrl: `https://noisy.invalid/${"p".repeat(2000)}/${i}`, name: "n".repeat(200) }, 201, 409);
    if (res.status === 409) break;
    await call(origin, bearer, "PUT", `/webhooks/${(res.body as { webhookId: string }).webhookId}/enabled?enabled=false`, undefined, 204);
  }
}

const batchBody = () => JSON.stringify({ users: Array.from({ length: 1000 }, (_, i) => ({ userId: `more-${i}` })) });

/** The noisy partner's most expensive requests: method, path, body. */
const NOISY_REQUESTS = (batch: string): [method: "GET" | "POST", path: string, body?: string][] => [
  ["GET", `${API}/users/u0-0/compensation`],
  ["GET", `${API}/users?page=2&pageSize=1000`],
  ["GET", `${API}/events?pageSize=1000`],
  ["GET", `${API}/webhooks`],
  ["POST", `${API}/users/batch`, batch],
  ["POST", `${API}/simulation/events/pricecurve`, "{}"],
  ["GET", `${API}/webhooks/logs?pageSize=1000`],
];

/** The noisy partner's load (run in a child process): its most expensive requests, round and round. */
async function noisyLoad(plan: NoisyPlan): Promise<void> {
  const headers = { authorization: `Bearer ${plan.token}`, "content-type": "application/json" };
  const result = await autocannon({
    url: plan.origin,
    connections: plan.connections,
    duration: plan.durationS,
    requests: NOISY_REQUESTS(batchBody()).map(([method, path, body]) => ({ method, path, headers, ...(body === undefined ? {} : { body }) })),
  });
  process.stdout.write(JSON.stringify({ requests: result.requests.total, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { duration: { type: "string" }, store: { type: "string" }, limit: { type: "string" }, "noisy-child": { type: "string" }, "time-each": { type: "boolean" }, connections: { type: "string" }, "cpu-prof": { type: "string" } } });
  if (values["noisy-child"]) {
    await noisyLoad(JSON.parse(values["noisy-child"]) as NoisyPlan);
    return 0;
  }
  const durationS = Number(values.duration ?? 15);
  const limitMs = Number(values.limit ?? 100);
  if (!existsSync(MOCK_BIN)) throw new Error("dist/ is missing: run `npm run build` first (npm run bench:noisy-neighbour does)");
  const clientFile = join(mkdtempSync(join(tmpdir(), "noisy-")), "clients.txt");
  writeFileSync(clientFile, `${NOISY.id}:${NOISY.secret}\n${QUIET.id}:${QUIET.secret}\n`);
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MOCK_")));
  const profile = values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : [];
  const mock = spawn(process.execPath, [...profile, MOCK_BIN, "mock", "--port", String(port), "--log", "off", "--client-file", clientFile, ...(values.store ? ["--store", values.store] : [])], { stdio: ["ignore", "ignore", "inherit"], env });
  const stopMock = async () => {
    if (mock.exitCode === null && mock.signalCode === null) {
      const done = exited(mock);
      mock.kill("SIGTERM");
      await done;
    }
  };
  process.on("exit", () => mock.kill("SIGKILL"));
  try {
    const origin = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    let quietToken: string | undefined;
    while (!quietToken) {
      quietToken = await token(origin, QUIET).catch(() => undefined);
      if (!quietToken && Date.now() > deadline) throw new Error("the mock did not start within 30 s");
      if (!quietToken) await new Promise((r) => setTimeout(r, 100));
    }
    const noisyToken = await token(origin, NOISY);
    process.stdout.write("filling the noisy partner up to its quotas… ");
    const filled = performance.now();
    await fillNoisy(origin, noisyToken);
    await call(origin, quietToken, "POST", "/users", { userId: "q1" }, 201);
    await call(origin, quietToken, "POST", "/webhooks", { webhookUrl: "https://quiet.invalid/hook", name: "quiet" }, 201);
    process.stdout.write(`${Math.round(performance.now() - filled)} ms\n`);

    if (values["time-each"]) {
      // Each of the noisy partner's requests alone, to find one that takes long by itself: twice, as the second time
      // shows what a process keeps between requests (Redis: the reports it has read).
      for (const [method, path, body] of NOISY_REQUESTS(batchBody())) {
        const times: string[] = [];
        let answer = "";
        for (let i = 0; i < 2; i++) {
          const started = performance.now();
          const res = await fetch(`${origin}${path}`, { method, headers: { authorization: `Bearer ${noisyToken}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body }) });
          answer = `${res.status}, ${(await res.arrayBuffer()).byteLength} bytes`;
          times.push(`${Math.round(performance.now() - started)} ms`);
        }
        console.log(`${method} ${path}: ${answer}, ${times.join(", then ")}`);
      }
      return 0;
    }
    const plan: NoisyPlan = { origin, token: noisyToken, durationS, connections: Number(values.connections ?? 16) };
    const child = spawn(process.execPath, ["--import", "tsx", SELF, "--noisy-child", JSON.stringify(plan)], { stdio: ["ignore", "pipe", "inherit"] });
    let report = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (report += c));
    const childDone = exited(child);
    // The quiet partner: one request at a time, its own user and its webhooks, for as long as the noise lasts.
    await new Promise((r) => setTimeout(r, 1000));
    const latencies: number[] = [];
    let failures = 0;
    let running = true;
    void childDone.then(() => (running = false));
    for (let i = 0; running; i++) {
      const path = i % 2 === 0 ? `${API}/users/q1` : `${API}/webhooks`;
      const started = performance.now();
      try {
        const res = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${quietToken}` } });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch (e) {
        failures++;
        if (failures <= 3) console.log(`quiet request ${i} failed after ${Math.round(performance.now() - started)} ms: ${e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)}`);
      }
      latencies.push(performance.now() - started);
    }
    if ((await childDone) !== 0) throw new Error("the noisy load failed");
    const noisy = JSON.parse(report) as { requests: number; rps: number; non2xx: number; errors: number };
    latencies.sort((a, b) => a - b);
    const p = (q: number) => percentile(latencies, q).toFixed(1);
    console.log(`noisy partner: ${noisy.requests} requests in ${durationS} s (${Math.round(noisy.rps)}/s; ${noisy.non2xx} non-2xx, e.g. quota refusals; ${noisy.errors} errors)`);
    console.log(`quiet partner: ${latencies.length} requests, p50 ${p(50)} ms, p99 ${p(99)} ms, max ${latencies.at(-1)?.toFixed(1)} ms, ${failures} not 200`);
    const p99 = percentile(latencies, 99);
    if (failures > 0 || !(p99 <= limitMs)) {
      console.log(`✗ the quiet partner's p99 ${p99.toFixed(1)} ms is over the limit of ${limitMs} ms${failures > 0 ? `, and ${failures} of its requests failed` : ""}`);
      return 1;
    }
    console.log(`✓ the quiet partner's p99 ${p99.toFixed(1)} ms is within ${limitMs} ms`);
    return 0;
  } finally {
    await stopMock();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ""}` : String(e)}`);
    process.exit(1);
  },
);
