// The Redis sandbox as partners install it: the built command (dist/bin/energy-coordination.js, one bundle and the
// Redis store's chunk), replicas as processes of their own, a real redis-server. The source's tests cannot see what
// the bundle boundary changes (an error class, a module loaded twice), so the promises that matter are held here:
// statuses, the outage's 503, delivery through two crashes in a row, a stop that ends, one clock across replicas.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ensureBuilt } from "../../test-support.js";
import { startBuiltReplica, type BuiltReplica } from "./built-mock.fixture.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

let redis: TestRedis;
const replicas: BuiltReplica[] = [];
const receivers: Server[] = [];

beforeAll(async () => {
  [redis] = await Promise.all([startTestRedis(), ensureBuilt()]);
}, 240_000);
afterEach(async () => {
  for (const r of replicas.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
  for (const s of receivers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  // Running again for the next test, whether a test stopped it or paused it.
  await redis.start();
  redis.resume();
});
afterAll(() => redis?.stop());

/** A killed replica's attempts go to another within about 1.5 × this (the default, 10 s, makes tests slow). */
const LOCK = { MOCK_DELIVERY_LOCK_MS: "1000" };
let prefixes = 0;
const prefix = () => `built${process.pid}-${prefixes++}:`;

async function replica(p: string, args: string[] = ["--log", "off"]): Promise<BuiltReplica> {
  const r = await startBuiltReplica(redis.url, p, args, LOCK);
  replicas.push(r);
  return r;
}

const tokenRequest = (r: BuiltReplica) =>
  fetch(`${r.origin}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret",
  });

async function token(r: BuiltReplica): Promise<string> {
  return ((await (await tokenRequest(r)).json()) as { access_token: string }).access_token;
}

async function call(r: BuiltReplica, t: string, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }> {
  const url = path.startsWith("/_mock") ? r.origin + path : r.baseUrl + path;
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${t}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

interface Received {
  notificationId: string;
  notificationSentUtc: string;
  answered: number | null;
}

/** A webhook receiver: `answer` says what each notification gets (a status, or null to hold it unanswered). */
async function receiver(answer: (n: Received, index: number) => number | null): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Received;
      const entry: Received = { notificationId: n.notificationId, notificationSentUtc: n.notificationSentUtc, answered: null };
      entry.answered = answer(entry, got.length);
      got.push(entry);
      if (entry.answered !== null) res.writeHead(entry.answered).end();
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

/** How many delivery attempts the client's log holds (an attempt is in it once it is finished). */
async function logCount(r: BuiltReplica, t: string): Promise<number> {
  return ((await call(r, t, "GET", "/webhooks/logs")).body as { webhookNotificationLogs: unknown[] }).webhookNotificationLogs.length;
}

const problem = (code: string, status: number, title: string, detail: unknown) => ({ type: `urn:energy-coordination-mock:problem:${code}`, title, status, detail });
const POLL = { timeout: 15_000, interval: 50 };

it("answers 404 and 409, and 503 with Retry-After on the API, the control API and the token endpoint while Redis is down, one log line each", { timeout: 40_000 }, async () => {
  const r = await replica(prefix(), ["--log", "pretty"]);
  const t = await token(r);
  // As the live service: no body, the explanation in X-Mock-Detail.
  const missing = await call(r, t, "GET", "/users/nobody");
  expect([missing.status, missing.headers.get("x-mock-detail"), missing.body]).toEqual([404, "user nobody does not exist", undefined]);
  // Two creations of one user at once: one 201 and a 409, never a 400.
  const race = await Promise.all([call(r, t, "POST", "/users", { userId: "u1" }), call(r, t, "POST", "/users", { userId: "u1" })]);
  expect(race.map((a) => a.status).sort()).toEqual([201, 409]);
  const conflict = race.find((a) => a.status === 409)!;
  expect([conflict.headers.get("x-mock-detail"), conflict.body]).toEqual(["user u1 exists already", undefined]);

  await redis.stop({ crash: true });
  const store = `redis://127.0.0.1:${redis.port}/0`;
  const api = await call(r, t, "POST", "/users", { userId: "u2" });
  expect([api.status, api.headers.get("retry-after"), api.headers.get("content-type")]).toEqual([503, "2", "application/problem+json; charset=utf-8"]);
  expect(api.body).toEqual(problem("store-unavailable", 503, "Service Unavailable", expect.stringMatching(new RegExp(`^POST /users: the store ${store.replace(/[./]/g, "\\$&")} is unavailable \\(.+\\); try again shortly$`))));
  const control = await call(r, t, "GET", "/_mock/clock");
  expect([control.status, control.headers.get("retry-after")]).toEqual([503, "2"]);
  expect(control.body).toMatchObject({ type: "urn:energy-coordination-mock:problem:store-unavailable", status: 503 });
  const tokenAnswer = await tokenRequest(r);
  expect([tokenAnswer.status, tokenAnswer.headers.get("retry-after"), tokenAnswer.headers.get("cache-control")]).toEqual([503, "2", "no-store"]);
  expect(await tokenAnswer.json()).toEqual({ error: "temporarily_unavailable", error_description: expect.stringMatching(/^the store redis:\/\/127\.0\.0\.1:\d+\/0 is unavailable \(.+\); try again shortly$/) });

  // One line per failed request (the request log's), nothing on stderr, no stack anywhere.
  await expect.poll(() => r.stdout().split("\n").filter((l) => / 503 /.test(l)).length, POLL).toBe(3);
  expect(r.stderr()).toBe("");
  expect(r.stdout()).not.toMatch(/^\s+at /m);
  // And the stop ends while Redis is still down: exit 0 is within its own deadlines (the last resort exits 1).
  r.child.kill("SIGTERM");
  expect(await r.exited).toBe(0);
});

it("delivers every notification after two replicas in a row die holding it, and names it in the log line", { timeout: 50_000 }, async () => {
  const p = prefix();
  let holding = true;
  const hook = await receiver(() => (holding ? null : 200));
  const a = await replica(p);
  const t = await token(a);
  for (const name of ["one", "two", "three"]) {
    expect((await call(a, t, "POST", "/webhooks", { webhookUrl: hook.url, name, notificationTypes: ["UserEligibilityUpdated"] })).status).toBe(201);
  }
  expect((await call(a, t, "POST", "/simulation/events/usereligibility", {})).status).toBe(200);
  // Replica a makes the three attempts and dies holding them; b takes them over and dies holding them too.
  await expect.poll(() => hook.got.length, POLL).toBe(3);
  const ids = [...new Set(hook.got.map((g) => g.notificationId))].sort();
  expect(ids).toHaveLength(3);
  a.child.kill("SIGKILL");
  const b = await replica(p);
  await expect.poll(() => hook.got.length, POLL).toBe(6);
  b.child.kill("SIGKILL");
  holding = false;
  const c = await replica(p, ["--log", "pretty"]);
  await expect.poll(() => hook.got.filter((g) => g.answered === 200).length, POLL).toBe(3);
  expect(hook.got.map((g) => g.notificationId).sort()).toEqual([...ids, ...ids, ...ids].sort());

  const logs = (await call(c, t, "GET", "/webhooks/logs")).body as { webhookNotificationLogs: { notificationId: string; responseStatusCode: number }[] };
  expect(logs.webhookNotificationLogs.map((l) => [l.notificationId, l.responseStatusCode]).sort()).toEqual(ids.map((id) => [id, 200]));
  expect((await call(c, t, "POST", "/_mock/webhooks/deliver")).body).toEqual({ attempted: 0, delivered: 0, failed: 0 });
  // c's log lines name each notification, so a repeat shows under the same id (lines are written in batches).
  for (const id of ids) await expect.poll(() => c.stdout(), POLL).toMatch(new RegExp(`webhook UserEligibilityUpdated event=\\S+ notification=${id} → .* attempt 1/4 delivered 200 in \\d+ ms`));
});

it("exits on SIGTERM while Redis is stalled, leaving its waiting retry to the other replica", { timeout: 40_000 }, async () => {
  const p = prefix();
  const hook = await receiver((_n, i) => (i === 0 ? 500 : 200));
  const a = await replica(p, ["--log", "off", "--webhook-retry-delay", "1500"]);
  const b = await replica(p, ["--log", "off", "--webhook-retry-delay", "1500"]);
  const t = await token(a);
  expect((await call(a, t, "POST", "/webhooks", { webhookUrl: hook.url, notificationTypes: ["UserEligibilityUpdated"] })).status).toBe(201);
  expect((await call(a, t, "POST", "/simulation/events/usereligibility", {})).status).toBe(200);
  await expect.poll(() => hook.got.length, POLL).toBe(1);
  await expect.poll(async () => (await logCount(b, t)), POLL).toBe(1);

  redis.pause();
  // Exit 0: the stop kept to its own deadlines while Redis stalled (the last resort exits 1).
  a.child.kill("SIGTERM");
  expect(await a.exited).toBe(0);
  expect(a.stdout().trimEnd().split("\n").at(-1)).toBe("stopped; webhook deliveries still pending stay in the store's queue for the other replicas (or this one's next start)");
  redis.resume();

  await expect.poll(() => hook.got.map((g) => g.answered), POLL).toEqual([500, 200]);
  const logs = (await call(b, t, "GET", "/webhooks/logs")).body as { webhookNotificationLogs: { responseStatusCode: number }[] };
  expect(logs.webhookNotificationLogs.map((l) => l.responseStatusCode)).toEqual([200, 500]);
});

it("stamps a retry made by another replica with the client's clock as last set, not as that replica last saw it", { timeout: 40_000 }, async () => {
  const p = prefix();
  const hook = await receiver((_n, i) => (i === 0 ? 500 : 200));
  // Tokens last ten years here: they are judged on the client's clock, which the test moves forward.
  const flags = ["--log", "off", "--webhook-retry-delay", "1000", "--token-ttl", "315360000"];
  const a = await replica(p, flags);
  const b = await replica(p, flags);
  const t = await token(a);
  // b sees the clock at 2031; a then moves it to 2032, which b hears of from the store alone.
  expect((await call(b, t, "PUT", "/_mock/clock", { now: "2031-01-01T00:00:00.000Z", frozen: true })).status).toBe(200);
  expect((await call(a, t, "PUT", "/_mock/clock", { now: "2032-02-02T00:00:00.000Z", frozen: true })).status).toBe(200);
  const webhook = (await call(a, t, "POST", "/webhooks", { webhookUrl: hook.url, notificationTypes: ["UserEligibilityUpdated"] })).body as { webhookId: string };
  expect((await call(a, t, "POST", "/simulation/events/usereligibility", {})).status).toBe(200);
  await expect.poll(() => hook.got.length, POLL).toBe(1);
  await expect.poll(async () => (await logCount(a, t)), POLL).toBe(1);
  // a dies: the retry, waiting in Redis, is b's to make.
  a.child.kill("SIGKILL");
  await expect.poll(() => hook.got.map((g) => g.answered), POLL).toEqual([500, 200]);
  expect(hook.got.map((g) => g.notificationSentUtc)).toEqual(["2032-02-02T00:00:00.000Z", "2032-02-02T00:00:00.000Z"]);
  const logs = (await call(b, t, "GET", "/webhooks/logs")).body as { webhookNotificationLogs: { notificationSent: string }[] };
  expect(logs.webhookNotificationLogs.map((l) => l.notificationSent)).toEqual(["2032-02-02T00:00:00.000Z", "2032-02-02T00:00:00.000Z"]);
  expect(((await call(b, t, "GET", `/webhooks/${webhook.webhookId}`)).body as { lastAnalyzedTimestamp: string }).lastAnalyzedTimestamp).toBe("2032-02-02T00:00:00.000Z");
});
