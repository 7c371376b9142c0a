// Two mocks on one Redis, in this process (the multi-process tests are replicas-process.test.ts): what one issues,
// creates, moves or records, the other sees; the rules hold across them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startMock, type StartedMock } from "../../start.js";
import { useReceiver } from "../../test-support.js";
import { replicaPairs } from "./replica-pair.fixture.js";

const { pair } = replicaPairs();

const call = async (mock: StartedMock, token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(mock.baseUrl + path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
};

it("accepts a token issued by the other mock and reads back what the other created", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  expect(await call(a, token, "POST", "/users", { userId: "u1" })).toEqual({ status: 201, body: { userId: "u1" } });
  expect(await call(b, token, "GET", "/users/u1")).toEqual({ status: 200, body: { userId: "u1" } });
  expect(await call(b, token, "POST", "/users/u1/locations", { locationId: "home", locationType: "Residential" })).toMatchObject({ status: 201 });
  expect((await call(a, token, "GET", "/users/u1/locations")).body).toEqual([{ locationId: "home", locationType: "Residential", coordinates: null, meterPointId: null, meterPointIds: [], userId: "u1" }]);
});

it("gives one 201 and 409s to the rest when both mocks create the same user at once", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? a : b, token, "POST", "/users", { userId: "same" })));
  expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
});

it("shares each client's clock: a token expired on one mock's moved clock is refused by the other", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  const moved = await fetch(`${a.origin}/_mock/clock`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ advance: "PT2H" }) });
  expect(moved.status).toBe(200);
  const clock = await fetch(`${b.origin}/_mock/clock`, { headers: { authorization: `Bearer ${await b.token()}` } });
  expect(((await clock.json()) as { offsetSeconds: number }).offsetSeconds).toBeGreaterThanOrEqual(7199);
  expect((await call(b, token, "GET", "/users")).status).toBe(401);
});

it("keeps one journal per client across mocks, and a reset on one empties it for both", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  await call(a, token, "POST", "/users", { userId: "j1" });
  await call(b, token, "GET", "/users/j1");
  const journal = async (m: StartedMock) =>
    ((await (await fetch(`${m.origin}/_mock/requests`, { headers: { authorization: `Bearer ${token}` } })).json()) as { requests: { method: string; path: string }[] }).requests.map((r) => `${r.method} ${r.path}`);
  // The journal is written in batches after each answer, without waiting: poll until the lines have landed. Each
  // mock writes its own batch, so lines of two mocks a few milliseconds apart are in the order their batches landed.
  await expect.poll(async () => (await journal(b)).sort()).toEqual(["GET /energy-coordination/v1/users/j1", "POST /connect/token", "POST /energy-coordination/v1/users"]);
  expect((await fetch(`${b.origin}/_mock/reset`, { method: "POST", headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
  expect((await call(a, token, "GET", "/users/j1")).status).toBe(404);
  // The reset emptied the journal: only the request after it is there.
  await expect.poll(() => journal(a)).toEqual(["GET /energy-coordination/v1/users/j1"]);
});

it("refuses to start with a bad store URL or an unreachable Redis, in one line", async () => {
  await expect(startMock({ store: "http://localhost:6379" })).rejects.toThrow("--store http://localhost:6379: scheme http is not supported; use redis or rediss (expected redis://[user:password@]host:port/db)");
  await expect(startMock({ store: "redis://127.0.0.1:1/0" })).rejects.toThrow(/^store redis:\/\/127\.0\.0\.1:1\/0 is unreachable: .*ECONNREFUSED/);
});

it("delivers an event published through one mock once, signed, to a webhook registered through the other, and both show the attempt", async () => {
  // Each mock logs the attempts its own worker makes, as the in-memory deliverer does.
  const lines: string[] = [];
  const { a, b } = await pair({ log: { format: "pretty", color: false, write: (line: string) => void lines.push(line) } });
  const token = await a.token();
  const receiver = await useReceiver();
  const received = () => receiver.received.map((n) => `${String(n.notification?.eventId)} ${n.verified}`);
  const url = receiver.url;
  expect((await call(a, token, "POST", "/webhooks", { webhookUrl: url, webhookSecret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] })).status).toBe(201);
  const event = (await call(b, token, "POST", "/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } };
  await expect.poll(() => received().length, { timeout: 10_000 }).toBe(1);
  // Once the shared queue is idle no other attempt can come: exactly one process made the one attempt.
  await a.context.push.idle();
  expect(received()).toEqual([`${event.simulatedEvent.id} true`]);
  for (const m of [a, b]) {
    const logs = (await call(m, token, "GET", "/webhooks/logs")).body as { webhookNotificationLogs: { partnerEventId: string; responseStatusCode: number }[] };
    expect(logs.webhookNotificationLogs.map((l) => [l.partnerEventId, l.responseStatusCode])).toEqual([[event.simulatedEvent.id, 200]]);
  }
  await Promise.all([a, b].map((m) => m.context.logger.flush()));
  const attempts = lines.filter((line) => line.includes(" webhook UserEligibilityUpdated "));
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} partner-demo webhook UserEligibilityUpdated event=${event.simulatedEvent.id} notification=[0-9a-f-]{36} → ${url.replace(/[.]/g, "\\.")} attempt 1/4 delivered 200 in \\d+ ms\\n?$`));
});

it("pages through the users in creation order, each once, while the other mock keeps creating them", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  for (let i = 0; i < 30; i++) await call(a, token, "POST", "/users", { userId: `first-${String(i).padStart(2, "0")}` });
  let writing = true;
  let n = 0;
  const writer = (async () => {
    while (writing) await call(b, token, "POST", "/users", { userId: `later-${n++}` });
  })();
  const seen: string[] = [];
  for (let page = 1; page <= 3; page++) {
    const body = (await call(a, token, "GET", `/users?page=${page}&pageSize=10`)).body as { users: { userId: string }[] };
    seen.push(...body.users.map((u) => u.userId));
  }
  writing = false;
  await writer;
  // Users created meanwhile come after the first 30, so the first three pages are exactly those, in order.
  expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `first-${String(i).padStart(2, "0")}`));
});
