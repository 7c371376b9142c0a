// Error bodies as the live service sends them: a 404 or 409 it answers without a body has none from the mock either
// (by default), its explanation in X-Mock-Detail, the log line and the journal; `errorBodies: "problem"` keeps the
// problem documents. Every answer here is also checked against the spec by the test helper, in both modes.
import { expect, it } from "vitest";
import { parseCli } from "../cli.js";
import type { MockOptions } from "../context.js";
import { createApp } from "./app.js";
import { detailHeader } from "./errors.js";
import { refusal, useMock } from "../testing.js";
import { cliVerdict } from "../test-support.js";

const problem = (code: string, status: number, title: string, detail: string) => ({ type: `urn:energy-coordination-mock:problem:${code}`, title, status, detail });

it("answers a 404 and a 409 the live service sends without a body with none, naming the refusal in X-Mock-Detail", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  const missing = await api.get("/users/nobody");
  expect([missing.headers.get("content-type"), missing.headers.get("content-length")]).toEqual([null, "0"]);
  expect(refusal(missing)).toEqual({ status: 404, detail: "user nobody does not exist", text: "" });
  expect(refusal(await api.post("/users", { userId: "u1" }))).toEqual({ status: 409, detail: "user u1 exists already", text: "" });
  expect(refusal(await api.post("/users/locations/batch", { locations: [{ userId: "u1", locationId: "l1" }, { userId: "ghost", locationId: "l1" }] }))).toEqual({
    status: 404,
    detail: "body.locations[1].userId: user ghost does not exist",
    text: "",
  });
});

it("keeps the bodies the live service does send: a 404 as a JSON string, a quota's 409 and a 400 as problem documents", async () => {
  const api = await (await useMock({ quotas: { webhooks: 1 } })).login();
  const resource = await api.get("/resources/r9");
  expect([resource.status, resource.headers.get("x-mock-detail"), resource.body]).toEqual([404, null, "GET /resources/r9: resource r9 does not exist"]);
  await api.post("/webhooks", { webhookUrl: "https://partner.example/1" });
  const quota = await api.post("/webhooks", { webhookUrl: "https://partner.example/2" });
  expect([quota.status, quota.headers.get("x-mock-detail"), quota.body]).toEqual([
    409,
    null,
    problem("quota-reached", 409, "Conflict", "POST /webhooks: no webhook registered: this client has reached its quota of 1 webhooks (webhooks); delete some first"),
  ]);
  const invalid = await api.post("/webhooks", { webhookUrl: "ftp://partner.example" });
  expect([invalid.status, invalid.headers.get("x-mock-detail"), invalid.body]).toEqual([
    400,
    null,
    { ...problem("invalid-webhook-url", 400, "Bad Request", "POST /webhooks: body.webhookUrl must be an absolute http or https URL"), errors: { "body.webhookUrl": ["must be an absolute http or https URL"] } },
  ]);
});

it("keeps the explanation of a refusal without a body in the journal and the log line", async () => {
  const lines: string[] = [];
  const mock = await useMock({ log: { format: "json", write: (l) => lines.push(l) } });
  const api = await mock.login();
  await api.get("/users/ghost");
  const journal = await mock.fetch("/_mock/requests?limit=1", { headers: { authorization: `Bearer ${api.token}` } });
  expect(journal.body).toEqual({
    requests: [{ at: expect.any(String), method: "GET", path: "/energy-coordination/v1/users/ghost", query: {}, operationId: "GetUserById", status: 404, detail: "user ghost does not exist", durationMs: expect.any(Number), body: null }],
  });
  expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.path === "/users/ghost")).toMatchObject({ status: 404, detail: "user ghost does not exist" });
});

it("sends problem documents instead with errorBodies: problem", async () => {
  const api = await (await useMock({ errorBodies: "problem" })).login();
  await api.post("/users", { userId: "u1" });
  const missing = await api.get("/users/nobody");
  expect([missing.status, missing.headers.get("content-type"), missing.headers.get("x-mock-detail")]).toEqual([404, "application/problem+json; charset=utf-8", null]);
  expect(missing.body).toEqual(problem("user-not-found", 404, "Not Found", "GET /users/nobody: user nobody does not exist"));
  expect((await api.post("/users", { userId: "u1" })).body).toEqual(problem("user-exists", 409, "Conflict", "POST /users: user u1 exists already"));
  expect((await api.post("/users/u1/locations", { locationId: "l1" })).status).toBe(201);
  expect((await api.post("/users/u1/locations", { locationId: "l1" })).body).toEqual(problem("location-exists", 409, "Conflict", "POST /users/u1/locations: user u1 has a location l1 already"));
  expect((await api.delete("/users/u1/locations/l9")).body).toEqual(problem("location-not-found", 404, "Not Found", "DELETE /users/u1/locations/l9: user u1 has no location l9"));
  expect((await api.get("/webhooks/nope")).body).toEqual(problem("webhook-not-found", 404, "Not Found", "GET /webhooks/nope: webhook nope does not exist"));
  expect((await api.get("/events/nope")).body).toEqual(problem("event-not-found", 404, "Not Found", "GET /events/nope: event nope does not exist"));
});

it("cuts a problem document quoting a 10 KB id to 4 KB of detail with errorBodies: problem", async () => {
  const api = await (await useMock({ errorBodies: "problem" })).login();
  const userId = "u".repeat(10_000);
  const res = await api.get(`/users/${userId}`);
  const full = `GET /users/${userId}: user ${userId} does not exist`;
  expect([res.status, res.body]).toEqual([404, problem("user-not-found", 404, "Not Found", `${full.slice(0, 4096)}… (${full.length - 4096} more characters)`)]);
});

it("writes X-Mock-Detail as one short line of printable ASCII: other characters percent-encoded, long ids cut", () => {
  expect(detailHeader("user u1 does not exist")).toBe("user u1 does not exist");
  expect(detailHeader("user øy\u{1F600} does not exist")).toBe("user %C3%B8y%F0%9F%98%80 does not exist");
  expect(detailHeader("user a\r\nSet-Cookie: x\u0000\u2028y does not exist")).toBe("user a  Set-Cookie: x  y does not exist");
  expect(detailHeader("user \ud800 does not exist")).toBe("user %EF%BF%BD does not exist");
  expect(detailHeader(`user ${"x".repeat(1000)} does not exist`)).toBe(`user ${"x".repeat(64)}...(936 more) does not exist`);
  const many = Array.from({ length: 100 }, (_, i) => `id${i}`).join(" ");
  expect(detailHeader(many)).toBe(`${many.slice(0, 300)}...(${many.length - 300} more)`);
});

it("reads --error-bodies (MOCK_ERROR_BODIES) and names a value that is neither empty nor problem", () => {
  expect(parseCli(["--error-bodies", "problem"])?.options.errorBodies).toBe("problem");
  expect(parseCli([], { MOCK_ERROR_BODIES: "empty" })?.options.errorBodies).toBe("empty");
  expect(parseCli([])?.options.errorBodies).toBe(undefined);
  expect(cliVerdict(["--error-bodies", "html"])).toEqual([2, '--error-bodies must be one of empty, problem, got "html"']);
  expect(cliVerdict([], { MOCK_ERROR_BODIES: "Problem" })).toEqual([2, 'MOCK_ERROR_BODIES must be one of empty, problem, got "Problem"']);
  // An embedder's options from JSON are checked the same way.
  const options: MockOptions = JSON.parse('{ "errorBodies": "html" }');
  expect(() => createApp(options)).toThrow('errorBodies must be one of empty, problem, got "html"');
});
