// The Redis push state against a real redis-server (started here): the same answers as the in-memory PushStore
// for the same scenario, and what only matters with several processes (shared state, each attempt made once, an
// event whose enqueue a crash prevented, an unreachable store).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import type { SparkEventPayload, SparkReportPayload } from "../../../spec/types.js";
import { ApiError } from "../../http/errors.js";
import { describePushState } from "../push-state.conformance.js";
import { PushStore } from "../memory/push-store.js";
import { DEFAULT_RETENTION, type Retention } from "../../domain/retention.js";
import type { PushState } from "../state.js";
import { clientKey, connectRedis } from "./data-store.js";
import { RedisPushState, type RedisPushStateOptions } from "./push-state.js";
import { useReceiver } from "../../test-support.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const RETENTION: Retention = { ...DEFAULT_RETENTION, maxEvents: 2, maxDeliveryLogs: 3 };

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(() => server.stop());

/** A state of its own (fresh prefix unless one is given, so no test sees another's keys), closed after the test. */
async function redisState(options: Partial<RedisPushStateOptions> = {}): Promise<RedisPushState> {
  const { redis, target } = await connectRedis(server.url);
  const state = new RedisPushState({ redis, target, now: () => NOW, prefix: `t${randomUUID().slice(0, 8)}:`, ...options });
  onTestFinished(async () => {
    await state.close();
    redis.disconnect();
  });
  return state;
}

describePushState((delivery) => redisState({ delivery }));

const eligibility = (users: string[]): SparkEventPayload => ({ payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: users, removedUsers: [] });
const priceCurve = { payloadType: "PriceCurve", priceArea: "NO1", currency: "NOK", unit: "kWh", points: [{ start: "2026-11-26T12:00:00Z", end: "2026-11-26T13:00:00Z", price: 1.25 }] } as unknown as SparkEventPayload;

/** What a call answered, as plain JSON (a Buffer as its text, a refusal as status, code and message). */
async function answer(call: () => unknown): Promise<unknown> {
  try {
    const value = await call();
    if (Buffer.isBuffer(value)) return value.toString("utf8");
    if (value instanceof Set) return [...value].sort();
    return value === undefined ? "undefined" : JSON.parse(JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v)));
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
}

/** Everything a partner could observe through one scenario, one answer per call, in order. */
async function scenario(s: PushState, url: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const note = async (call: () => unknown) => void out.push(await answer(call));
  const logs = async () => JSON.parse((await s.deliveryLogsPage("c1", { page: 1, pageSize: 100 })).toString()) as { webhookNotificationLogs: { notificationId: string }[] };

  const w1 = await s.addWebhook("c1", { webhookUrl: url, name: "one", secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  const w2 = await s.addWebhook("c1", { webhookUrl: url, name: null, secret: "s3cret", notificationTypes: ["PriceCurveCreated", "UserEligibilityUpdated"] });
  out.push(await answer(() => [w1, w2]));
  await note(() => s.webhook("c1", "nope"));
  await note(() => s.changeWebhook("c1", "nope", { enabled: false }));
  await note(() => s.deleteWebhook("c1", "nope"));
  await note(() => s.changeWebhook("c1", w2.webhookId, { name: "two", enabled: false }));

  // Only w1 hears of it; the receiver fails the first attempt, and the retry waits a minute unless run now.
  const e1 = await s.publish("c1", eligibility(["u1"]));
  await note(() => e1.json);
  await expect.poll(async () => (await logs()).webhookNotificationLogs.length, { timeout: 5000 }).toBe(1);
  await note(() => s.webhook("c1", w1.webhookId));
  await note(() => s.deliverNow("c1"));
  await note(() => s.deliverNow("c1"));
  await note(() => s.webhook("c1", w1.webhookId));
  const n1 = (await logs()).webhookNotificationLogs[0]!.notificationId;

  await note(() => s.changeWebhook("c1", w1.webhookId, { webhookUrl: `${url}?moved`, secret: "s3cret" }));
  await note(() => s.changeWebhook("c1", w2.webhookId, { enabled: true, notificationTypes: ["PriceCurveCreated"] }));
  const e2 = await s.publish("c1", priceCurve);
  await s.idle();
  const e3 = await s.publish("c1", eligibility(["u2"]));
  await s.idle();
  await note(() => s.webhooks("c1"));

  // Two events kept: e1 has dropped out. Three attempts kept: e1's failed one has.
  await note(() => s.event("c1", e1.id));
  await note(() => s.event("c1", e3.id));
  for (const page of [1, 2, 3]) await note(() => s.eventsPage("c1", { page, pageSize: 1 }));
  await note(() => s.eventsPage("c1", { page: 1, pageSize: 100 }));
  for (const page of [1, 2]) await note(() => s.deliveryLogsPage("c1", { page, pageSize: 2 }));
  await note(() => s.deliveryLogsPage("c1", { page: 1, pageSize: 10 }, w1.webhookId));
  await note(() => s.deliveryLogsPage("c1", { page: 1, pageSize: 10 }, w2.webhookId));
  await note(() => s.deliveryLogsPage("c1", { page: 1, pageSize: 10 }, "nope"));
  // What GET /webhooks/logs/{notificationId} shows of it (the in-memory one carries its serialized log too).
  await note(async () => {
    const a = await s.deliveryAttempt("c1", n1);
    return a && { log: a.log, content: a.content };
  });
  await note(() => s.deliveryAttempt("c1", "nope"));

  await note(() => s.addReport("c1", e1.id, [], () => undefined));
  await note(() => s.addReport("c1", e2.id, [], () => Promise.reject(new ApiError(400, "invalid-report", "body.payloads[0].resourceId: no resource r9 of this client"))));
  await note(() => s.addReport("c1", e3.id, [], () => undefined));
  // Reports are kept as events are: the newest maxEvents (2), so the first of these three drops out.
  await note(() => s.addReport("c1", e2.id, [], () => undefined));
  await note(() => s.addReport("c1", e3.id, [], () => undefined));
  await note(() => s.reportsWithEvents("c1"));
  await note(() => s.swapAnnouncedEligible("c1", ["u1", "u2"]));
  await note(() => s.swapAnnouncedEligible("c1", ["u3"]));

  await note(() => s.deleteWebhook("c1", w2.webhookId));
  await note(() => s.webhooks("c1"));
  await note(() => s.deliveryLogsPage("c1", { page: 1, pageSize: 10 }, w2.webhookId));
  await note(() => s.webhooks("c2"));
  await note(() => s.eventsPage("c2", { page: 1, pageSize: 10 }));

  await s.clear("c1");
  await note(() => s.webhooks("c1"));
  await note(() => s.eventsPage("c1", { page: 1, pageSize: 10 }));
  await note(() => s.deliveryLogsPage("c1", { page: 1, pageSize: 10 }));
  await note(() => s.event("c1", e3.id));
  await note(() => s.reportsWithEvents("c1"));
  await note(() => s.swapAnnouncedEligible("c1", []));
  await note(() => s.pendingDeliveries());
  return out;
}

/**
 * The transcript with what differs between runs made alike: the receiver's URL, ids (in order of appearance),
 * durations, and the signatures (of bodies that hold those ids).
 */
function normalized(transcript: unknown[], url: string): string {
  const ids = new Map<string, string>();
  return JSON.stringify(transcript)
    .replaceAll(url, "<receiver>")
    .replace(/\\?"requestDurationMs\\?":\d+/g, (m) => m.replace(/\d+$/, "0"))
    .replace(/(\\?"sparkSignature\\?":\\?")[A-Za-z0-9+/=]+/g, "$1<signature>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`);
      return ids.get(id)!;
    });
}

it("answers every call of a scenario exactly as the in-memory store does, pages byte for byte", async () => {
  const delivery = { baseDelayMs: 60_000, timeoutMs: 2000 };
  const r1 = await useReceiver({ failFirst: 1 });
  const memory = new PushStore({ now: () => NOW, retention: RETENTION, delivery });
  onTestFinished(() => memory.close());
  const expected = normalized(await scenario(memory, r1.url), r1.url);

  const r2 = await useReceiver({ failFirst: 1 });
  const redis = await redisState({ retention: RETENTION, delivery });
  const actual = normalized(await scenario(redis, r2.url), r2.url);
  expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
  expect(actual).toBe(expected);
  expect(r2.received.map((n) => [n.status, n.verified])).toEqual(r1.received.map((n) => [n.status, n.verified]));
  expect(r2.received.map((n) => n.status)).toEqual([500, 200, 200, 200]);
});

it("shares webhooks, events and logs between two processes on one Redis, and makes each attempt once", async () => {
  const r = await useReceiver();
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const a = await redisState({ prefix });
  const b = await redisState({ prefix });
  const w = await a.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  expect(await b.webhooks("c1")).toEqual([w]);

  const events = [];
  for (let i = 0; i < 20; i++) events.push(await (i % 2 ? a : b).publish("c1", eligibility([`u${i}`])));
  await Promise.all([a.idle(), b.idle()]);
  const ids = r.received.map((n) => String(n.notification?.notificationId));
  expect(ids).toHaveLength(20);
  expect(new Set(ids).size).toBe(20);
  expect(new Set(r.received.map((n) => n.notification?.eventId))).toEqual(new Set(events.map((e) => e.id)));

  const page = { page: 1, pageSize: 100 };
  expect((await a.eventsPage("c1", page)).equals(await b.eventsPage("c1", page))).toBe(true);
  const logsA = await a.deliveryLogsPage("c1", page);
  expect(logsA.equals(await b.deliveryLogsPage("c1", page))).toBe(true);
  expect((JSON.parse(logsA.toString()) as { pagination: { totalRecords: number } }).pagination.totalRecords).toBe(20);
  expect(await b.webhook("c1", w.webhookId)).toMatchObject({ status: "Healthy" });
});

it("delivers an event whose notifications were never enqueued (a crash after the write) through the outbox sweeper", async () => {
  const r = await useReceiver();
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  // This process stops between writing the event (with its outbox entry) and enqueueing; it never sweeps.
  const crashing = await redisState({
    prefix,
    outbox: { sweepEveryMs: 60_000 },
    beforeEnqueue: () => {
      throw new Error("killed");
    },
  });
  await crashing.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  const event = await crashing.publish("c1", eligibility(["u1"]));
  expect(await crashing.event("c1", event.id)).toEqual(event.json);
  // Nothing was enqueued: the notification waits in the outbox only.
  const { redis } = await connectRedis(server.url);
  onTestFinished(() => redis.disconnect());
  expect(await redis.hlen(`${prefix}{c1}:p:outbox`)).toBe(1);

  // Another process, the elected sweeper, finds the entry once it is older than 500 ms and enqueues it.
  const sweeping = await redisState({ prefix, outbox: { sweepEveryMs: 100, olderThanMs: 500 } });
  await expect.poll(() => r.received.length, { timeout: 5000 }).toBe(1);
  expect(r.received[0]!.notification).toMatchObject({ eventId: event.id, notificationType: "UserEligibilityUpdated" });
  await sweeping.idle();
  await expect.poll(() => redis.hlen(`${prefix}{c1}:p:outbox`), { timeout: 2000 }).toBe(0);
  expect(await sweeping.deliveryLogsPage("c1", { page: 1, pageSize: 10 })).toEqual(await crashing.deliveryLogsPage("c1", { page: 1, pageSize: 10 }));
  // The queue is idle and the outbox empty: nothing more can arrive.
  expect(r.received).toHaveLength(1);
});

it("delivers the event of a publisher SIGKILLed between its write and its enqueue, through another process's sweeper", async () => {
  const r = await useReceiver();
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./push-state-publisher.fixture.ts", import.meta.url))], {
    env: { ...process.env, REDIS_URL: server.url, STORE_PREFIX: prefix, RECEIVER_URL: r.url },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_, s) => resolve(s)));
  expect(signal).toBe("SIGKILL");

  const { redis } = await connectRedis(server.url);
  onTestFinished(() => redis.disconnect());
  expect(await redis.hlen(`${prefix}{c1}:p:outbox`)).toBe(1);
  const survivor = await redisState({ prefix, outbox: { sweepEveryMs: 100, olderThanMs: 500 } });
  const [event] = (JSON.parse((await survivor.eventsPage("c1", { page: 1, pageSize: 10 })).toString()) as { events: { id: string }[] }).events;
  await expect.poll(() => r.received.length, { timeout: 10_000 }).toBe(1);
  expect(r.received[0]!.notification).toMatchObject({ eventId: event!.id });
  await survivor.idle();
  await expect.poll(() => redis.hlen(`${prefix}{c1}:p:outbox`), { timeout: 2000 }).toBe(0);
});

it("elects one sweeper at a time, renews the holder's lease, and hands it on when the holder stops", async () => {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  // The timers never fire within the test: each round is run explicitly, in a known order.
  const outbox = { sweepEveryMs: 600_000, leaseMs: 60_000 };
  const a = await redisState({ prefix, outbox });
  const b = await redisState({ prefix, outbox });
  const { redis } = await connectRedis(server.url);
  onTestFinished(() => redis.disconnect());
  const key = `${prefix}{:push}:sweeper`;
  await a.sweepNow();
  await b.sweepNow();
  const first = await redis.get(key);
  expect([a.sweeping, b.sweeping]).toEqual([true, false]);
  // The holder's round renews its lease; the other's rounds do not take it.
  await redis.pexpire(key, 5000);
  await a.sweepNow();
  expect(await redis.pttl(key)).toBeGreaterThan(5000);
  await b.sweepNow();
  expect([await redis.get(key), a.sweeping, b.sweeping]).toEqual([first, true, false]);
  await a.close();
  expect(await redis.get(key)).toBe(null);
  await b.sweepNow();
  expect([await redis.get(key), b.sweeping]).toEqual([expect.not.stringMatching(first!), true]);
});

it("answers 503 naming the store when Redis refuses or is unreachable, and leaves nothing of a refused write", async () => {
  const { redis, target } = await connectRedis(server.url);
  const state = new RedisPushState({ redis, target, now: () => NOW, prefix: `t${randomUUID().slice(0, 8)}:` });
  onTestFinished(() => state.close());
  await state.addWebhook("c1", { webhookUrl: "http://127.0.0.1:9/hook", name: null, secret: null, notificationTypes: ["UserEligibilityUpdated"] });
  await state.publish("c1", eligibility(["u0"]));

  await redis.config("SET", "maxmemory", "1");
  try {
    const refused = await answer(() => state.publish("c1", eligibility(["u1"])));
    expect(refused).toEqual({ status: 503, code: "store-unavailable", message: expect.stringMatching(/^the store redis:\/\/127\.0\.0\.1:\d+\/0 is unavailable \(OOM command not allowed.*\); try again shortly$/) });
  } finally {
    await redis.config("SET", "maxmemory", "0");
  }
  expect((JSON.parse((await state.eventsPage("c1", { page: 1, pageSize: 10 })).toString()) as { pagination: { totalRecords: number } }).pagination.totalRecords).toBe(1);

  redis.disconnect();
  try {
    await state.webhooks("c1");
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 503, code: "store-unavailable", headers: { "Retry-After": "2" } });
  }
});

it("cancels the client's waiting retries on reset: nothing is left to deliver and the queue is idle", async () => {
  const r = await useReceiver({ failFirst: 100 });
  const state = await redisState({ delivery: { baseDelayMs: 60_000 } });
  await state.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  await state.publish("c1", eligibility(["u1"]));
  await state.publish("c1", eligibility(["u2"]));
  await expect.poll(() => r.received.length, { timeout: 5000 }).toBe(2);
  await state.clear("c1");
  expect(await state.deliverNow("c1")).toEqual({ attempted: 0, delivered: 0, failed: 0 });
  await state.idle();
  expect(await state.webhooks("c1")).toEqual([]);
  expect(r.received).toHaveLength(2);
});

it("removes a deleted webhook's index of attempts with it, and keeps the attempts in the client's log", async () => {
  const r = await useReceiver();
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const s = await redisState({ prefix });
  const w = await s.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  await s.publish("c1", eligibility(["u1"]));
  await s.idle();
  const { redis } = await connectRedis(server.url);
  onTestFinished(() => void redis.disconnect());
  expect([await redis.llen(`${prefix}{c1}:p:wl:${w.webhookId}`), await redis.smembers(`${prefix}{c1}:p:wls`)]).toEqual([1, [w.webhookId]]);
  await s.deleteWebhook("c1", w.webhookId);
  expect([await redis.exists(`${prefix}{c1}:p:wl:${w.webhookId}`), await redis.smembers(`${prefix}{c1}:p:wls`), await redis.llen(`${prefix}{c1}:p:logs`)]).toEqual([0, [], 1]);
});

it("rejects idle(), naming what is left, when the queue does not drain before the deadline", async () => {
  const r = await useReceiver({ failFirst: 10 });
  const state = await redisState({ delivery: { baseDelayMs: 600_000, timeoutMs: 2000 } });
  await state.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  await state.publish("c1", eligibility(["u1"]));
  await expect.poll(() => r.received.length).toBe(1);
  // The retry waits ten minutes: the queue holds one delayed job.
  // (It may still be finishing its first attempt when idle() looks.)
  await expect(state.idle(50)).rejects.toThrow(/^webhook deliveries not idle after 50 ms: 1 (delayed|active)$/);
  await state.clear("c1");
  await state.idle();
});

it("refuses an event beyond the client's pending notifications, after taking out those whose job has finished (a leak after a crash)", async () => {
  const { redis } = await connectRedis(server.url);
  onTestFinished(() => void redis.disconnect());
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const s = await redisState({ prefix, delivery: { maxPendingPerTenant: 1 } });
  const r = await useReceiver();
  await s.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  await s.publish("c1", eligibility(["u1"]));
  await s.idle();
  const delivered = String(r.received[0]!.notification!.notificationId);
  // As if the last attempt had never been logged: the finished job's id stays in the pending set.
  await redis.sadd(`${clientKey(prefix, "c1")}p:pending`, delivered);
  await s.publish("c1", eligibility(["u2"]));
  expect(await redis.smembers(`${clientKey(prefix, "c1")}p:pending`)).not.toContain(delivered);
  await answer(() => s.idle());
  // A notification really pending counts: the next event is refused, naming the quota.
  await redis.sadd(`${clientKey(prefix, "c1")}p:pending`, "still-queued");
  expect(await answer(() => s.publish("c1", eligibility(["u3"])))).toEqual({
    status: 429,
    code: "deliveries-pending",
    message:
      "no event created: this client has 1 webhook notifications pending (queued or waiting for a retry); its quota is 1 and this event would add 1: wait for them to be delivered or given up, fix or disable the failing webhooks, or call deliverNow",
  });
});

it("keeps the reports it has read and reads only those added since, never one that is gone (trimmed, cleared or lost by Redis)", async () => {
  const { redis } = await connectRedis(server.url);
  onTestFinished(() => void redis.disconnect());
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const list = `${clientKey(prefix, "c1")}p:reports`;
  const retention = { ...DEFAULT_RETENTION, maxEvents: 40 };
  const reader = await redisState({ prefix, retention });
  const writer = await redisState({ prefix, retention });
  const addReports = async (n: number) => {
    const { id } = await writer.publish("c1", priceCurve);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await writer.addReport("c1", id, [], () => undefined)).id);
    return ids;
  };
  const readIds = async (s: PushState) => (await s.reportsWithEvents("c1")).reports.map((r) => r.id);

  const first = await addReports(20);
  expect(await readIds(reader)).toEqual(first);
  // Read once, a report is not read again: a change behind the store's back (reports never change) stays unseen by
  // the reader, and a process that has not read them sees it.
  await redis.lset(list, 15, JSON.stringify({ ...(JSON.parse((await redis.lindex(list, 15))!) as object), id: "changed" }));
  // Another process adds 30 more: the newest 40 are kept, read in slices, the first 10 dropped.
  const more = await addReports(30);
  const kept = [...first, ...more].slice(10);
  expect(await readIds(reader)).toEqual(kept);
  expect(await readIds(await redisState({ prefix, retention }))).toEqual(kept.map((id, i) => (i === 5 ? "changed" : id)));

  // Cleared by another process, then as many new ones: the numbers are the same, the reports are not.
  await writer.clear("c1");
  expect(await readIds(reader)).toEqual([]);
  const afterClear = await addReports(40);
  await writer.clear("c1");
  const again = await addReports(40);
  expect(await readIds(reader)).toEqual(again);
  expect(again).not.toEqual(afterClear);

  // Redis went back to an older copy of its data (a snapshot without the last 10): the 10 are no longer answered.
  await redis.multi().rpop(list, 10).decrby(`${clientKey(prefix, "c1")}p:rn`, 10).exec();
  expect(await readIds(reader)).toEqual(again.slice(0, 30));

  // Redis lost its data (a restart without persistence), then as many new ones.
  await redis.del(...(await redis.keys(`${clientKey(prefix, "c1")}p:*`)));
  const lost = await addReports(40);
  expect(await readIds(reader)).toEqual(lost);

  // Big reports (five of 400 KB) are read about a megabyte per call, and all of them are answered.
  const big = Array.from({ length: 100 }, () => ({ payloadType: "EnergyUsage", resourceId: "r".repeat(4000) })) as unknown as SparkReportPayload[];
  const { id: bigEvent } = await writer.publish("c1", priceCurve);
  const bigOnes: string[] = [];
  for (let i = 0; i < 5; i++) bigOnes.push((await writer.addReport("c1", bigEvent, big, () => undefined)).id);
  expect((await readIds(reader)).slice(-5)).toEqual(bigOnes);

  // Reports stored before they were numbered (no epoch) are read whole, every time.
  await redis.del(...(await redis.keys(`${clientKey(prefix, "c1")}p:*`)));
  const { id: eventId } = await writer.publish("c1", priceCurve);
  const legacy = (n: number) => JSON.stringify({ id: `old${n}`, eventId, createdAt: "2026-11-26T12:00:00.000Z", payloads: [] });
  await redis.rpush(list, ...Array.from({ length: 20 }, (_, i) => legacy(i)));
  expect(await readIds(reader)).toEqual(Array.from({ length: 20 }, (_, i) => `old${i}`));
  await redis.lset(list, 0, legacy(99));
  expect((await readIds(reader))[0]).toBe("old99");
  // The next report numbers the list: from then on the reader keeps what it has read, the older ones included.
  const next = (await writer.addReport("c1", eventId, [], () => undefined)).id;
  const numbered = ["old99", ...Array.from({ length: 19 }, (_, i) => `old${i + 1}`), next];
  expect(await readIds(reader)).toEqual(numbered);
  await redis.lset(list, 1, legacy(98));
  expect(await readIds(reader)).toEqual(numbered);
});
