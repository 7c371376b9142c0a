// Mock processes on one Redis, as a hosted sandbox runs them, each the built command partners install (dist/): a
// replica killed with SIGKILL during a load of writes loses no acknowledged write; a Redis outage answers 503s (never
// a hang) and service comes back without a restart; SIGTERM finishes the requests in flight, exits 0 and leaves its
// pending deliveries to the queue.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { projectPath } from "../../../spec/paths.js";
import { ensureBuilt } from "../../test-support.js";
import { startBuiltReplica } from "./built-mock.fixture.js";
import { requestToken, useReceiver } from "../../test-support.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

let redis: TestRedis;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [redis] = await Promise.all([startTestRedis(), ensureBuilt()]);
}, 240_000);
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});
afterAll(async () => {
  await redis.stop();
});

interface Replica {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

async function replica(prefix: string, extra: string[] = []): Promise<Replica> {
  const r = await startBuiltReplica(redis.url, prefix, ["--log", "off", ...extra]);
  children.push(r.child);
  return { child: r.child, baseUrl: r.baseUrl, exited: r.exited, output: () => r.stdout() + r.stderr() };
}

const token = (r: Replica): Promise<string> => requestToken(r.baseUrl);

const post = (r: Replica, token: string, path: string, body: unknown) =>
  fetch(r.baseUrl + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

it("keeps every acknowledged write when a replica is killed with SIGKILL in the middle of a load", { timeout: 60_000 }, async () => {
  const prefix = `kill${process.pid}:`;
  const a = await replica(prefix);
  const b = await replica(prefix);
  const t = await token(a);
  const acknowledged: string[] = [];
  let n = 0;
  // Four writers on replica a; it is killed while they run, and what it answered 201 to must be in Redis.
  const writer = async () => {
    for (;;) {
      const userId = `w${n++}`;
      try {
        const res = await post(a, t, "/users", { userId });
        if (res.status === 201) acknowledged.push(userId);
      } catch {
        return; // the replica is gone
      }
    }
  };
  const writers = Promise.all([writer(), writer(), writer(), writer()]);
  await expect.poll(() => acknowledged.length, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(200);
  a.child.kill("SIGKILL");
  await writers;
  expect(await a.exited).toBe(null);
  // Every acknowledged user is there for the other replica (a page of 1,000 holds them all).
  const res = await fetch(`${b.baseUrl}/users?pageSize=1000`, { headers: { authorization: `Bearer ${t}` } });
  const stored = new Set(((await res.json()) as { users: { userId: string }[] }).users.map((u) => u.userId));
  expect(acknowledged.length).toBeGreaterThanOrEqual(200);
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  // A replica started again on the same Redis serves the same data with the same token.
  const again = await replica(prefix);
  expect((await fetch(`${again.baseUrl}/users/${acknowledged[0]}`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
});

it("answers 503 with Retry-After while Redis is down, never hangs, and serves again once it is back", { timeout: 60_000 }, async () => {
  const r = await replica(`outage${process.pid}:`);
  let t = await token(r);
  expect((await post(r, t, "/users", { userId: "before" })).status).toBe(201);
  // A load of writes runs through the outage: every answer is a 2xx, a 401 (Redis came back empty, so the token is
  // gone) or a 503, and each comes (a hang would hold the load, and the test, until its timeout).
  const seen = new Map<number, number>();
  /** The statuses answered since Redis came back. */
  const sinceBack: number[] = [];
  let up = true;
  let loading = true;
  let i = 0;
  const load = (async () => {
    while (loading) {
      const res = await post(r, t, "/users", { userId: `load${i++}` });
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      if (up) sinceBack.push(res.status);
      if (res.status === 401) t = await token(r).catch(() => t);
    }
  })();
  await expect.poll(() => seen.get(201) ?? 0).toBeGreaterThan(0);
  up = false;
  await redis.stop({ crash: true });
  const down = await post(r, t, "/users", { userId: "during" });
  expect(down.status).toBe(503);
  expect(down.headers.get("retry-after")).toBe("2");
  expect(down.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(((await down.json()) as { detail: string }).detail).toMatch(new RegExp(`^POST /users: the store redis://127\\.0\\.0\\.1:${redis.port}/0 is unavailable \\(.*\\); try again shortly$`));
  // The load keeps getting answers while Redis is down.
  await expect.poll(() => seen.get(503) ?? 0).toBeGreaterThan(2);
  await redis.start();
  sinceBack.length = 0;
  up = true;
  // Persistence is off, so the restarted Redis is empty: the load's next answers are a 401 (its token is gone),
  // then, with a new token, 201s again, without a restart of the mock.
  await expect.poll(() => sinceBack.includes(201), { timeout: 15_000 }).toBe(true);
  loading = false;
  await load;
  expect([...seen.keys()].filter((status) => ![201, 401, 503].includes(status))).toEqual([]);
  expect((await post(r, await token(r), "/users", { userId: "after" })).status).toBe(201);
});

it("finishes on SIGTERM and exits 0", { timeout: 30_000 }, async () => {
  const r = await replica(`term${process.pid}:`);
  const t = await token(r);
  expect((await post(r, t, "/users", { userId: "u1" })).status).toBe(201);
  r.child.kill("SIGTERM");
  expect(await r.exited).toBe(0);
  expect(r.output().trimEnd().split("\n").at(-1)).toMatch(/^stopped; /);
});

it("leaves a delivery waiting for its retry to the queue on SIGTERM, and the other replica makes the retry", { timeout: 60_000 }, async () => {
  const prefix = `handoff${process.pid}:`;
  // The first attempt fails (500); the retry, 300 ms later, must come from the replica still running.
  const receiver = await useReceiver({ failFirst: 1 });
  const received = receiver.received;
  const a = await replica(prefix, ["--webhook-retry-delay", "300"]);
  const b = await replica(prefix, ["--webhook-retry-delay", "300"]);
  const t = await token(a);
  expect((await post(a, t, "/webhooks", { webhookUrl: receiver.url, webhookSecret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] })).status).toBe(201);
  expect((await post(a, t, "/simulation/events/usereligibility", {})).status).toBe(200);
  await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
  a.child.kill("SIGTERM");
  expect(await a.exited).toBe(0);
  expect(a.output()).toContain("stopped; webhook deliveries still pending stay in the store's queue");
  await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
  expect(received.map((n) => n.status)).toEqual([500, 200]);
  const logs = await fetch(`${b.baseUrl}/webhooks/logs`, { headers: { authorization: `Bearer ${t}` } });
  expect(((await logs.json()) as { webhookNotificationLogs: { responseStatusCode: number }[] }).webhookNotificationLogs.map((l) => l.responseStatusCode)).toEqual([200, 500]);
});

it("refuses a bad --store URL with exit 2 and an unreachable Redis with exit 1, each in one line", { timeout: 30_000 }, async () => {
  const run = (store: string) =>
    new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [projectPath("dist", "bin", "energy-coordination.js"), "mock", "--port", "0", "--store", store], { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
      child.once("exit", (code) => resolve({ code, err }));
    });
  expect(await run("redis:///0")).toEqual({ code: 2, err: "mock: --store redis:///0: no host (expected redis://[user:password@]host:port/db)\n" });
  const unreachable = await run("redis://127.0.0.1:1/0");
  expect(unreachable.code).toBe(1);
  expect(unreachable.err).toMatch(/^mock: store redis:\/\/127\.0\.0\.1:1\/0 is unreachable: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
});
