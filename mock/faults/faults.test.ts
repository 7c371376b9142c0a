// Faults on demand (PUT /_mock/faults), as a partner's code meets them: a client that retries on 429/503 and honours
// Retry-After gets through, one that does not fails; a receiver that drops repeats by notificationId sees each
// notification once, one that does not sees it twice. Each client's faults are its own; the seed replays them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import type { Faults } from "../../spec/control-types.js";
import { useMock, type MockServer } from "../testing.js";

const acme = { id: "acme", secret: "acme-secret" };
const globex = { id: "globex", secret: "globex-secret" };

/** A control call with the caller's token. */
async function control(mock: MockServer, token: string, method: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  return mock.fetch("/_mock/faults", { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** What a partner's code does: a GET with its token, the answer as fetch gives it. */
const get = (mock: MockServer, token: string, path = "/users") => fetch(`${mock.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** A partner's client that retries 429 and 503, waiting as Retry-After says. */
async function retryingGet(mock: MockServer, token: string, waits: number[]): Promise<Response> {
  for (;;) {
    const res = await get(mock, token);
    if ((res.status !== 429 && res.status !== 503) || waits.length >= 5) return res;
    const seconds = Number(res.headers.get("retry-after") ?? "1");
    waits.push(seconds);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

/** A partner's client that does not retry: any answer but 200 is an error. */
async function naiveGet(mock: MockServer, token: string): Promise<number> {
  const res = await get(mock, token);
  if (res.status !== 200) throw new Error(`GET /users failed with ${res.status}`);
  return res.status;
}

it("sets, reads and clears a client's faults; a PUT replaces them", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  expect((await control(mock, token, "GET")).body).toEqual({});
  const faults: Faults = { latencyMs: [10, 20], errorRate: 0.1, errorStatus: 502, rateLimit: { requests: 10, perSeconds: 1 }, dropRate: 0.01, operations: ["GetUsers", "RequestToken"], webhooks: { duplicateRate: 0.5, outOfOrder: true, delayMs: 20, failRate: 0.2 } };
  const put = await control(mock, token, "PUT", faults);
  expect([put.status, put.body]).toEqual([200, faults]);
  expect((await control(mock, token, "GET")).body).toEqual(faults);
  expect((await control(mock, token, "PUT", { errorRate: 1 })).body).toEqual({ errorRate: 1 });
  expect((await control(mock, token, "GET")).body).toEqual({ errorRate: 1 });
  const cleared = await control(mock, token, "DELETE");
  expect([cleared.status, cleared.body]).toEqual([200, {}]);
  expect((await get(mock, token)).status).toBe(200);
});

it("refuses bad faults with a 400 naming the field", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  const refused = async (body: unknown) => {
    const res = await control(mock, token, "PUT", body);
    expect(res.status).toBe(400);
    return (res.body as { errors: Record<string, string[]> }).errors;
  };
  expect(await refused({ errorStatus: 404 })).toEqual({ "body.errorStatus": ["must be one of 500, 502, 503"] });
  expect(await refused({ errorRate: 1.5 })).toEqual({ "body.errorRate": ["must be <= 1"] });
  expect(await refused({ latencyMs: [50, 10] })).toEqual({ "body.latencyMs[1]": ["must be at least latencyMs[0] (50), got 10"] });
  expect(await refused({ operations: ["GetUsers", "GetUser"] })).toEqual({ "body.operations[1]": ['must be an operationId of the API (such as GetUsers, or RequestToken for the token endpoint), got "GetUser"'] });
  expect(await refused({ rateLimit: { requests: 10 } })).toEqual({ "body.rateLimit.perSeconds": ["is required"] });
  expect(await refused({ webhooks: { duplicates: 1 } })).toEqual({ "body.webhooks.duplicates": ["is not allowed"] });
  expect(await refused({ errorRate: 1, durationSeconds: 60, until: "2099-01-01T00:00:00Z" })).toEqual({ "body.durationSeconds": ["cannot be sent together with until; send one of them"] });
  expect((await control(mock, token, "GET")).body).toEqual({});
});

it("lets a client that honours Retry-After through a rate limit, and fails one that does not", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { rateLimit: { requests: 2, perSeconds: 1 } });

  const first = await get(mock, token);
  expect(first.status).toBe(200);
  expect(first.headers.get("ratelimit-policy")).toBe('"default";q=2;w=1');
  expect(first.headers.get("ratelimit")).toBe('"default";r=1;t=1');
  expect(first.headers.get("x-mock-fault")).toBe(null);
  await naiveGet(mock, token);
  await expect(naiveGet(mock, token)).rejects.toThrow("GET /users failed with 429");

  const limited = await get(mock, token);
  expect([limited.status, limited.headers.get("x-mock-fault"), limited.headers.get("retry-after"), limited.headers.get("ratelimit")]).toEqual([429, "rate-limit", "1", '"default";r=0;t=1']);
  expect(await limited.json()).toEqual({ type: "about:blank", title: "Too Many Requests", status: 429, detail: "injected by the mock's faults for client acme (PUT /_mock/faults): more than 2 requests in 1 s" });

  const waits: number[] = [];
  const through = await retryingGet(mock, token, waits);
  expect(through.status).toBe(200);
  expect(waits).toEqual([1]);
  const journal = await mock.fetch("/_mock/requests?limit=3", { headers: { authorization: `Bearer ${token}` } });
  expect((journal.body as { requests: { status: number; fault?: string }[] }).requests.map((r) => [r.status, r.fault])).toEqual([
    [200, undefined],
    [429, "rate-limit"],
    [429, "rate-limit"],
  ]);
});

it("answers an outage with 503 and Retry-After until it ends; a retrying client gets through, a naive one fails", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  const set = await control(mock, token, "PUT", { errorRate: 1, durationSeconds: 1 });
  expect(set.body).toEqual({ errorRate: 1, until: expect.any(String) });

  const down = await get(mock, token);
  expect([down.status, down.headers.get("x-mock-fault"), down.headers.get("retry-after")]).toEqual([503, "error", "1"]);
  expect(await down.json()).toEqual({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "injected by the mock's faults for client acme (PUT /_mock/faults): an outage" });
  await expect(naiveGet(mock, token)).rejects.toThrow("GET /users failed with 503");

  const waits: number[] = [];
  expect((await retryingGet(mock, token, waits)).status).toBe(200);
  expect(waits.length).toBeGreaterThan(0);
  expect((await control(mock, token, "GET")).body).toEqual({});
});

it("answers the chosen error status, only on the listed operations, and on the token endpoint", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { errorRate: 1, errorStatus: 502, operations: ["RequestToken", "PostUser"] });
  expect((await get(mock, token)).status).toBe(200);
  const post = await fetch(`${mock.baseUrl}/users`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ userId: "u1" }) });
  expect([post.status, post.headers.get("x-mock-fault"), post.headers.get("retry-after")]).toEqual([502, "error", null]);
  const tokenAnswer = await fetch(mock.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: acme.id, client_secret: acme.secret }) });
  expect([tokenAnswer.status, tokenAnswer.headers.get("x-mock-fault")]).toEqual([502, "error"]);
  // The user was never created: the injected answer came before the handler.
  expect((await get(mock, token, "/users/u1")).status).toBe(404);
});

it("delays answers by the latency set, and marks them", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { latencyMs: 300 });
  const started = performance.now();
  const res = await get(mock, token);
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  expect([res.status, res.headers.get("x-mock-fault")]).toEqual([200, "latency"]);
});

it("closes the connection without an answer at the drop rate, and journals it", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { dropRate: 1 });
  await expect(get(mock, token)).rejects.toThrow("fetch failed");
  const journal = await mock.fetch("/_mock/requests?limit=1", { headers: { authorization: `Bearer ${token}` } });
  expect(journal.body).toEqual({ requests: [{ at: expect.any(String), method: "GET", path: "/energy-coordination/v1/users", query: {}, operationId: "GetUsers", status: 0, fault: "drop", durationMs: expect.any(Number), body: null }] });
});

it("keeps one client's faults from every other client", async () => {
  const mock = await useMock({ clients: [acme, globex] });
  const a = await mock.token(acme);
  const g = await mock.token(globex);
  await control(mock, a, "PUT", { errorRate: 1, dropRate: 0, rateLimit: { requests: 1, perSeconds: 60 } });
  for (let i = 0; i < 3; i++) {
    const res = await get(mock, g);
    expect([res.status, res.headers.get("x-mock-fault"), res.headers.get("ratelimit")]).toEqual([200, null, null]);
  }
  expect((await control(mock, g, "GET")).body).toEqual({});
  expect((await get(mock, a)).status).toBe(503);
});

it("gives every client the default faults until it sets its own; a reset puts them back", async () => {
  const mock = await useMock({ clients: [acme, globex], faults: { errorRate: 1, errorStatus: 500, operations: ["GetUsers"] } });
  const a = await mock.token(acme);
  const g = await mock.token(globex);
  expect((await get(mock, a)).status).toBe(500);
  expect((await get(mock, g)).status).toBe(500);
  await control(mock, a, "DELETE");
  expect((await get(mock, a)).status).toBe(200);
  expect((await get(mock, g)).status).toBe(500);
  await mock.fetch("/_mock/reset", { method: "POST", headers: { authorization: `Bearer ${a}` } });
  expect((await get(mock, a)).status).toBe(500);
  await mock.handle.faults.clear();
  expect((await get(mock, g)).status).toBe(200);
});

it("injects the same faults into the same requests for the same random seed", async () => {
  const statuses = async (mock: MockServer) => {
    const token = await mock.token(acme);
    await control(mock, token, "PUT", { errorRate: 0.5, operations: ["GetUsers"] });
    const seen: number[] = [];
    for (let i = 0; i < 16; i++) seen.push((await get(mock, token)).status);
    return seen;
  };
  const first = await statuses(await useMock({ clients: [acme], randomSeed: 42 }));
  expect(first).toContain(503);
  expect(first).toContain(200);
  expect(await statuses(await useMock({ clients: [acme], randomSeed: 42 }))).toEqual(first);
  expect(await statuses(await useMock({ clients: [acme], randomSeed: 7 }))).not.toEqual(first);
});

it("refuses bad default faults at start-up, naming the field", async () => {
  await expect(useMock({ faults: { errorRate: 2 } })).rejects.toThrow("faults.errorRate must be <= 1");
  await expect(useMock({ faults: { operations: ["Nope"] } })).rejects.toThrow('faults.operations[0] must be an operationId of the API');
});

/** A receiver of webhook notifications that keeps what it got, with the X-Mock-Fault header of each. */
async function receiver(): Promise<{ url: string; got: { notificationId: string; eventId: string; body: string; fault: string | undefined }[] }> {
  const got: { notificationId: string; eventId: string; body: string; fault: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const n = JSON.parse(body) as { notificationId: string; eventId: string };
      got.push({ notificationId: n.notificationId, eventId: n.eventId, body, fault: req.headers["x-mock-fault"] as string | undefined });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => void server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got };
}

/** What a partner's receiver does with each notification: handle it, or (de-duplicating) skip an id seen before. */
function handled(got: { notificationId: string }[], deduplicate: boolean): string[] {
  const seen = new Set<string>();
  return got.flatMap(({ notificationId }) => {
    if (deduplicate && seen.has(notificationId)) return [];
    seen.add(notificationId);
    return [notificationId];
  });
}

async function priceCurves(mock: MockServer, token: string, url: string, count: number): Promise<string[]> {
  const api = mock.as(token);
  await api.post("/webhooks", { webhookUrl: url, notificationTypes: ["PriceCurveCreated"] });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(((await api.post("/simulation/events/pricecurve", {})).body as { simulatedEvent: { id: string } }).simulatedEvent.id);
  await mock.ctx.push.idle();
  return ids;
}

it("delivers a notification twice at a duplicate rate of 1: a de-duplicating receiver handles it once, a naive one twice", async () => {
  const mock = await useMock({ clients: [acme], webhooks: { baseDelayMs: 10, timeoutMs: 2000, maxRetries: 3 } });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { webhooks: { duplicateRate: 1 } });
  const { url, got } = await receiver();
  await priceCurves(mock, token, url, 1);
  await expect.poll(() => got.length).toBe(2);
  expect(got[1]!.body).toBe(got[0]!.body);
  expect(got.map((g) => g.fault)).toEqual([undefined, "duplicate"]);
  expect(handled(got, true)).toEqual([got[0]!.notificationId]);
  expect(handled(got, false)).toEqual([got[0]!.notificationId, got[0]!.notificationId]);
});

it("holds a notification back until the next one is sent when out of order", async () => {
  const mock = await useMock({ clients: [acme], webhooks: { baseDelayMs: 10, timeoutMs: 2000, maxRetries: 3 } });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { webhooks: { outOfOrder: true } });
  const { url, got } = await receiver();
  const events = await priceCurves(mock, token, url, 2);
  await expect.poll(() => got.length).toBe(2);
  expect(got.map((g) => [g.eventId, g.fault])).toEqual([
    [events[1], undefined],
    [events[0], "out-of-order"],
  ]);
});

it("fails attempts on the mock's side at the fail rate, logged with no status and retried as usual", async () => {
  const mock = await useMock({ clients: [acme], webhooks: { baseDelayMs: 10, timeoutMs: 2000, maxRetries: 2 } });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { webhooks: { failRate: 1 } });
  const { url, got } = await receiver();
  await priceCurves(mock, token, url, 1);
  const logs = await mock.as(token).get("/webhooks/logs");
  const entries = (logs.body as { webhookNotificationLogs: { responseStatusCode: number | null; requestTimeout: boolean }[] }).webhookNotificationLogs;
  expect(entries.map((l) => [l.responseStatusCode, l.requestTimeout])).toEqual([
    [null, false],
    [null, false],
    [null, false],
  ]);
  expect(got).toEqual([]);
});

it("marks an injected fault in the log line of the request and of the webhook attempt", async () => {
  const lines: string[] = [];
  const mock = await useMock({ clients: [acme], log: { format: "json", write: (line) => lines.push(line) }, webhooks: { baseDelayMs: 10, timeoutMs: 2000, maxRetries: 0 } });
  const token = await mock.token(acme);
  await mock.handle.faults.set({ errorRate: 1, errorStatus: 500, operations: ["GetUsers"], webhooks: { failRate: 1 } });
  await get(mock, token);
  const { url } = await receiver();
  await priceCurves(mock, token, url, 1);
  const logged = (kind: string) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.kind === kind && (kind !== "request" || l.operationId === "GetUsers"));
  await expect.poll(() => logged("request")).toMatchObject({ status: 500, fault: "error" });
  await expect.poll(() => logged("delivery")).toMatchObject({ outcome: "failed", status: null, fault: "fail" });
});

it("refuses bad faults from the startMock handle, naming the field", async () => {
  const mock = await useMock({ clients: [acme] });
  await expect(mock.handle.faults.set({ latencyMs: [9, 1] })).rejects.toThrow("faults.set: faults.latencyMs[1] must be at least latencyMs[0] (9), got 1");
  await expect(mock.handle.faults.set({ errorRate: 1 }, "nobody")).rejects.toThrow('faults.set("nobody"): no such client; the mock has acme');
  expect(mock.handle.faults.get()).toEqual({});
});

it("keeps a client's faults when its clock is moved or put back on real time", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  await control(mock, token, "PUT", { errorRate: 1, operations: ["GetUsers"] });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  await mock.fetch("/_mock/clock", { method: "PUT", headers, body: JSON.stringify({ advance: "PT10M", frozen: true }) });
  expect((await control(mock, token, "GET")).body).toEqual({ errorRate: 1, operations: ["GetUsers"] });
  await mock.fetch("/_mock/clock", { method: "DELETE", headers });
  expect((await control(mock, token, "GET")).body).toEqual({ errorRate: 1, operations: ["GetUsers"] });
  expect(mock.handle.clock.get()).toEqual({ now: expect.any(String), offsetSeconds: 0, frozen: false });
});

it("delays each delivery attempt by the webhook delay, and marks it", async () => {
  const mock = await useMock({ clients: [acme], webhooks: { baseDelayMs: 10, timeoutMs: 2000, maxRetries: 0 } });
  const token = await mock.token(acme);
  await mock.handle.faults.set({ webhooks: { delayMs: 300 } });
  const { url, got } = await receiver();
  const started = performance.now();
  await priceCurves(mock, token, url, 1);
  await expect.poll(() => got.length).toBe(1);
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  expect(got.map((g) => g.fault)).toEqual(["delay"]);
});

it("duplicates the same notifications again for the same random seed", async () => {
  const duplicated = async () => {
    const mock = await useMock({ clients: [acme], randomSeed: 42, webhooks: { baseDelayMs: 10, timeoutMs: 2000, maxRetries: 0 } });
    const token = await mock.token(acme);
    await mock.handle.faults.set({ webhooks: { duplicateRate: 0.5 } });
    const { url, got } = await receiver();
    const events = await priceCurves(mock, token, url, 8);
    await expect.poll(() => got.filter((g) => g.fault === undefined).length).toBe(8);
    return events.map((id) => got.filter((g) => g.eventId === id).length);
  };
  const first = await duplicated();
  expect(first).toContain(1);
  expect(first).toContain(2);
  expect(await duplicated()).toEqual(first);
});
