// The control API (/_mock) over HTTP, each call acting on its caller alone: reset, the per-client clock, delivering
// pending webhooks now and the request journal. Every response is checked against spec/mock-control.yaml.
import { expect, it, vi } from "vitest";
import { requestToken, useReceiver } from "../test-support.js";
import { useMock, type MockServer, type TestResponse } from "../testing.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const acme = { id: "acme", secret: "acme-secret" };
const globex = { id: "globex", secret: "globex-secret" };

/** A control call with the caller's token (or none). */
function control(mock: MockServer, token: string | undefined, method: string, path: string, body?: unknown): Promise<TestResponse> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return mock.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const problem = (status: number, code: string, detail: string, errors?: Record<string, string[]>) => ({
  type: `urn:energy-coordination-mock:problem:${code}`,
  title: status === 400 ? "Bad Request" : "Unauthorized",
  status,
  detail,
  ...(errors && { errors }),
});

it("answers every control call without a token with 401 and a Bearer challenge, like the API", async () => {
  const mock = await useMock({ clients: [acme] });
  for (const [method, path] of [["POST", "/_mock/reset"], ["GET", "/_mock/clock"], ["PUT", "/_mock/clock"], ["DELETE", "/_mock/clock"], ["POST", "/_mock/webhooks/deliver"], ["GET", "/_mock/requests"]] as const) {
    const res = await control(mock, undefined, method, path);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination"');
    expect(res.body).toEqual(problem(401, "unauthorized", `${method} ${path}: no access token; send Authorization: Bearer <token> from POST /connect/token`));
  }
  const res = await control(mock, "not-a-token", "GET", "/_mock/clock");
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

it("resets the caller's data and journal, keeps its token valid, and leaves another client's data alone", async () => {
  const mock = await useMock({ clients: [acme, globex], now: () => NOW });
  const a = await mock.login(acme);
  const g = await mock.login(globex);
  await a.post("/users", { userId: "u1" });
  await a.post("/users/u1/locations", { locationId: "home", meterPointIds: ["707057500012345678"] });
  await a.post("/webhooks", { webhookUrl: "http://127.0.0.1:9/hooks", notificationTypes: ["PriceCurveCreated"] });
  await a.post("/simulation/events/pricecurve", {});
  await a.post("/simulation/partner");
  await g.post("/users", { userId: "u1" });

  const res = await control(mock, a.token, "POST", "/_mock/reset");
  expect([res.status, res.text]).toEqual([204, ""]);

  const empty = { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null };
  expect((await a.get("/users")).body).toEqual({ users: [], pagination: empty });
  expect((await a.get("/events")).body).toEqual({ events: [], pagination: empty });
  expect((await a.get("/webhooks")).body).toEqual({ webhooks: [] });
  expect((await a.get("/webhooks/logs")).body).toEqual({ webhookNotificationLogs: [], pagination: empty });
  expect((await g.get("/users/u1")).body).toEqual({ userId: "u1" });
  // The journal starts again after the reset: only the reads above.
  const journal = await control(mock, a.token, "GET", "/_mock/requests");
  expect((journal.body as { requests: { method: string; path: string }[] }).requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "GET /energy-coordination/v1/webhooks/logs",
    "GET /energy-coordination/v1/webhooks",
    "GET /energy-coordination/v1/events",
    "GET /energy-coordination/v1/users",
  ]);
});

it("reads, sets, advances, freezes and resets the caller's clock, and leaves another client's alone", async () => {
  let base = NOW;
  const mock = await useMock({ clients: [acme, globex], now: () => base, tokenTtlSeconds: 3600 });
  let a = await mock.token(acme);
  const g = await mock.token(globex);
  expect((await control(mock, a, "GET", "/_mock/clock")).body).toEqual({ now: "2026-11-26T12:00:00.000Z", offsetSeconds: 0, frozen: false });

  const advanced = await control(mock, a, "PUT", "/_mock/clock", { advance: "PT30M" });
  expect([advanced.status, advanced.body]).toEqual([200, { now: "2026-11-26T12:30:00.000Z", offsetSeconds: 1800, frozen: false }]);
  base += 60_000;
  expect((await control(mock, a, "GET", "/_mock/clock")).body).toEqual({ now: "2026-11-26T12:31:00.000Z", offsetSeconds: 1800, frozen: false });

  const frozen = await control(mock, a, "PUT", "/_mock/clock", { now: "2026-11-26T11:00:00Z", frozen: true });
  expect(frozen.body).toEqual({ now: "2026-11-26T11:00:00.000Z", offsetSeconds: -3660, frozen: true });
  base += 60_000;
  // The token was issued at 12:00 by this clock, so it is not valid yet: a new one is.
  const before = await control(mock, a, "GET", "/_mock/clock");
  expect([before.status, before.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token is not valid before 2026-11-26T12:00:00.000Z by this client\'s clock"']);
  a = await mock.token(acme);
  expect((await control(mock, a, "GET", "/_mock/clock")).body).toEqual({ now: "2026-11-26T11:00:00.000Z", offsetSeconds: -3720, frozen: true });
  expect((await control(mock, a, "PUT", "/_mock/clock", { frozen: false })).body).toEqual({ now: "2026-11-26T11:00:00.000Z", offsetSeconds: -3720, frozen: false });

  expect((await control(mock, g, "GET", "/_mock/clock")).body).toEqual({ now: "2026-11-26T12:02:00.000Z", offsetSeconds: 0, frozen: false });
  const reset = await control(mock, a, "DELETE", "/_mock/clock");
  expect([reset.status, reset.body]).toEqual([200, { now: "2026-11-26T12:02:00.000Z", offsetSeconds: 0, frozen: false }]);
});

it("stamps the caller's data by its own clock: createdAt, enrollment, the price curve's day and the compensation month", async () => {
  const mock = await useMock({ clients: [acme, globex], now: () => NOW });
  expect((await control(mock, await mock.token(acme), "PUT", "/_mock/clock", { now: "2027-01-31T23:59:00Z" })).status).toBe(200);
  // Two months on, the token from before has expired by acme's clock; a new one lives by it.
  const a = await mock.login(acme);
  const g = await mock.login(globex);

  await a.post("/users", { userId: "u1" });
  await a.post("/users/u1/locations", { locationId: "home", meterPointIds: ["707057500012345678"], coordinates: { latitude: 78.2209, longitude: 15.6195 } });
  const enrollment = await a.post("/users/u1/enrollment");
  expect(enrollment.body).toEqual({ userId: "u1", isEnrolled: true, enrollmentId: expect.any(String), enrollmentDate: "2027-01-31T23:59:00.000Z" });
  const hook = { webhookUrl: "http://127.0.0.1:9/hooks", notificationTypes: ["PriceCurveCreated"] };
  expect((await a.post("/webhooks", hook)).body).toMatchObject({ createdDate: "2027-01-31T23:59:00.000Z", modifiedDate: "2027-01-31T23:59:00.000Z" });
  expect((await g.post("/webhooks", hook)).body).toMatchObject({ createdDate: "2026-11-26T12:00:00.000Z", modifiedDate: "2026-11-26T12:00:00.000Z" });

  const event = (await a.post("/simulation/events/pricecurve", { priceArea: "NO1" })).body as { simulatedEvent: { createdAt: string; payload: { priceCurveDelta: { points: { timestamp: string }[] } } } };
  expect(event.simulatedEvent.createdAt).toBe("2027-01-31T23:59:00.000Z");
  // 23:59 UTC is already 1 February in Oslo, so the curve covers 2 February, local time.
  const points = event.simulatedEvent.payload.priceCurveDelta.points;
  expect([points[0]!.timestamp, points.at(-1)!.timestamp]).toEqual(["2027-02-01T23:00:00Z", "2027-02-02T22:00:00Z"]);
  expect((await a.get("/users/u1/compensation")).body).toMatchObject({ period: { from: "2027-02-01", to: "2027-02-28" } });
});

it("expires the caller's own token when its clock passes the token's lifetime, and no other client's", async () => {
  const mock = await useMock({ clients: [acme, globex], now: () => NOW, tokenTtlSeconds: 60 });
  const a = await mock.login(acme);
  const g = await mock.login(globex);
  expect((await control(mock, a.token, "PUT", "/_mock/clock", { advance: "PT59S" })).status).toBe(200);
  expect((await a.get("/users")).status).toBe(200);
  expect((await control(mock, a.token, "PUT", "/_mock/clock", { advance: "PT1S" })).status).toBe(200);

  const res = await a.get("/users");
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination", error="invalid_token", error_description="The access token expired at 2026-11-26T12:01:00.000Z by this client\'s clock"');
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:invalid-token",
    title: "Unauthorized",
    status: 401,
    detail: "GET /users: the access token expired at 2026-11-26T12:01:00.000Z by this client's clock (now 2026-11-26T12:01:00.000Z); get a new one from POST /connect/token",
  });
  expect((await g.get("/users")).status).toBe(200);
});

it("refuses a malformed clock body with 400 naming the field", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW });
  const token = await mock.token(acme);
  const cases: [unknown, Record<string, string[]>][] = [
    [{ now: "yesterday" }, { "body.now": ['must match format "date-time"'] }],
    [{ advance: "P-1D" }, { "body.advance": ['must match format "duration"'] }],
    [{ now: "2027-01-31T23:59:00Z", advance: "PT1H" }, { "body.advance": ["cannot be sent together with body.now; send one of them"] }],
    [{ now: "1999-12-31T23:59:59Z" }, { "body.now": ["must be between 2000-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z"] }],
    [{ now: "2100-01-01T00:00:00Z" }, { "body.now": ["must be between 2000-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z"] }],
    [{ advance: "P100Y" }, { "body.advance": ["moves the clock past 2100-01-01T00:00:00.000Z; it must stay between 2000-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z"] }],
    [{ frozen: "yes" }, { "body.frozen": ["must be boolean"] }],
    [{ now: "2027-01-31T23:59:00Z", at: "noon" }, { "body.at": ["is not allowed"] }],
    [{}, { body: ["must NOT have fewer than 1 properties"] }],
  ];
  for (const [body, errors] of cases) {
    const res = await control(mock, token, "PUT", "/_mock/clock", body);
    const detail = `PUT /_mock/clock: ${Object.entries(errors).map(([field, [message]]) => `${field} ${message}`).join("; ")}`;
    expect([res.status, res.body]).toEqual([400, problem(400, "validation-failed", detail, errors)]);
  }
  // Nothing above moved the clock.
  expect((await control(mock, token, "GET", "/_mock/clock")).body).toEqual({ now: "2026-11-26T12:00:00.000Z", offsetSeconds: 0, frozen: false });
});

it("keeps events newest first, and their pages in order, when the clock moves backwards", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW, tokenTtlSeconds: 3600 });
  let a = await mock.login(acme);
  const ids: string[] = [];
  for (const now of ["2026-11-26T12:00:00Z", "2026-11-20T12:00:00Z", "2026-11-10T12:00:00Z"]) {
    await control(mock, a.token, "PUT", "/_mock/clock", { now });
    // A token issued later than the clock now says is not valid yet.
    a = await mock.login(acme);
    ids.push(((await a.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id);
  }
  const page = async (n: number) => ((await a.get(`/events?page=${n}&pageSize=2`)).body as { events: { id: string; createdAt: string }[] }).events;
  expect([...(await page(1)), ...(await page(2))]).toEqual([
    { id: ids[2], createdAt: "2026-11-10T12:00:00.000Z", payload: expect.any(Object) },
    { id: ids[1], createdAt: "2026-11-20T12:00:00.000Z", payload: expect.any(Object) },
    { id: ids[0], createdAt: "2026-11-26T12:00:00.000Z", payload: expect.any(Object) },
  ]);
});

it("runs a pending webhook retry now, answers what was attempted, and logs the attempts as usual", async () => {
  // A minute's back-off: without the control call the retry would not come during the test.
  const mock = await useMock({ clients: [acme], now: () => NOW, webhooks: { baseDelayMs: 60_000 } });
  const a = await mock.login(acme);
  const receiver = await useReceiver({ secret: "a-long-random-secret", failFirst: 1 });
  const webhookUrl = `${receiver.origin}/hooks`;
  await a.post("/webhooks", { webhookUrl, webhookSecret: "a-long-random-secret", notificationTypes: ["UserEligibilityUpdated"] });
  await a.post("/simulation/events/usereligibility");

  const statuses = async () => ((await a.get("/webhooks/logs")).body as { webhookNotificationLogs: { responseStatusCode: number }[] }).webhookNotificationLogs.map((l) => l.responseStatusCode);
  await vi.waitFor(async () => expect(await statuses()).toEqual([500]));

  const delivered = await control(mock, a.token, "POST", "/_mock/webhooks/deliver");
  expect([delivered.status, delivered.body]).toEqual([200, { attempted: 1, delivered: 1, failed: 0 }]);
  expect((await statuses()).sort()).toEqual([200, 500]);
  expect((await a.get("/webhooks")).body).toMatchObject({ webhooks: [{ status: "Healthy" }] });
  expect((await control(mock, a.token, "POST", "/_mock/webhooks/deliver")).body).toEqual({ attempted: 0, delivered: 0, failed: 0 });
});

it("cancels the caller's waiting retries on reset, so nothing is left to deliver", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW, webhooks: { baseDelayMs: 60_000 } });
  const a = await mock.login(acme);
  const receiver = await useReceiver({ failFirst: 100, secret: undefined });
  await a.post("/webhooks", { webhookUrl: `${receiver.origin}/hooks`, notificationTypes: ["UserEligibilityUpdated"] });
  await a.post("/simulation/events/usereligibility");
  await a.post("/simulation/events/usereligibility");
  await vi.waitFor(async () => expect(((await a.get("/webhooks/logs")).body as { webhookNotificationLogs: unknown[] }).webhookNotificationLogs).toHaveLength(2));

  expect((await control(mock, a.token, "POST", "/_mock/reset")).status).toBe(204);
  expect((await control(mock, a.token, "POST", "/_mock/webhooks/deliver")).body).toEqual({ attempted: 0, delivered: 0, failed: 0 });
  await mock.ctx.push.idle();
});

it("journals the caller's requests newest first with secrets and tokens redacted, and nobody else's", async () => {
  const mock = await useMock({ clients: [acme, globex], now: () => NOW });
  const token = await requestToken(mock.origin, acme);
  const a = mock.as(token);
  await a.post("/webhooks", { webhookUrl: "http://127.0.0.1:9/hooks", webhookSecret: "a-long-random-secret", notificationTypes: ["PriceCurveCreated"] });
  await a.get("/users?page=1&pageSize=5");
  await a.post("/users", undefined, { raw: "{not json", contentType: "application/json" });
  await a.get("/users/nobody");
  await (await mock.login(globex)).post("/users", { userId: "g1" });
  await control(mock, token, "GET", "/_mock/clock");

  const res = await control(mock, token, "GET", "/_mock/requests?limit=10");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    requests: [
      // A refusal keeps its explanation, also a 404 answered without a body (its X-Mock-Detail header says the same).
      { at: "2026-11-26T12:00:00.000Z", method: "GET", path: "/energy-coordination/v1/users/nobody", query: {}, operationId: "GetUserById", status: 404, detail: "user nobody does not exist", durationMs: expect.any(Number), body: null },
      { at: "2026-11-26T12:00:00.000Z", method: "POST", path: "/energy-coordination/v1/users", query: {}, operationId: "PostUser", status: 400, detail: expect.stringMatching(/^body is not valid JSON \(/), durationMs: expect.any(Number), body: "{not json" },
      { at: "2026-11-26T12:00:00.000Z", method: "GET", path: "/energy-coordination/v1/users", query: { page: "1", pageSize: "5" }, operationId: "GetUsers", status: 200, durationMs: expect.any(Number), body: null },
      {
        at: "2026-11-26T12:00:00.000Z",
        method: "POST",
        path: "/energy-coordination/v1/webhooks",
        query: {},
        operationId: "PostWebhook",
        status: 201,
        durationMs: expect.any(Number),
        body: { webhookUrl: "http://127.0.0.1:9/hooks", webhookSecret: "[redacted]", notificationTypes: ["PriceCurveCreated"] },
      },
      { at: "2026-11-26T12:00:00.000Z", method: "POST", path: "/connect/token", query: {}, operationId: "RequestToken", status: 200, durationMs: expect.any(Number), body: { grant_type: "client_credentials", client_id: "acme", client_secret: "[redacted]" } },
    ],
  });
  expect(((await control(mock, token, "GET", "/_mock/requests?limit=1")).body as { requests: unknown[] }).requests).toHaveLength(1);
  const tooMany = await control(mock, token, "GET", "/_mock/requests?limit=1001");
  expect([tooMany.status, tooMany.body]).toEqual([400, problem(400, "validation-failed", "GET /_mock/requests: query.limit must be <= 1000", { "query.limit": ["must be <= 1000"] })]);
});
