import { expect, it } from "vitest";
import { apiOperations, createApp, missingHandlers } from "./app.js";
import { useMock } from "./testing.js";

const problem = (code: string, status: number, title: string, detail: string) => ({ type: `urn:energy-coordination-mock:problem:${code}`, title, status, detail });

it("has a handler for every operation of the spec", () => {
  const app = createApp();
  const ctx = app.locals.mock!;
  expect(apiOperations(ctx).length).toBeGreaterThan(40);
  expect(missingHandlers(ctx)).toEqual([]);
});

it("answers malformed JSON with 400 in the operation's declared shape", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users", undefined, { raw: '{"userId": ', contentType: "application/json" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(expect.stringMatching(/^POST \/users: body is not valid JSON \(.+\)$/));
});

it("answers a body with a non-JSON content type with 415", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users", undefined, { raw: "userId=u1", contentType: "text/plain" });
  expect(res.status).toBe(415);
  expect(res.body).toEqual(problem("unsupported-media-type", 415, "Unsupported Media Type", "POST /users: Content-Type text/plain is not accepted; send application/json"));
});

it("answers a body over 1 MiB with 413", async () => {
  const api = await (await useMock()).login();
  const big = JSON.stringify({ userId: "x".repeat(1024 * 1024) });
  const res = await api.post("/users", undefined, { raw: big, contentType: "application/json" });
  expect(res.status).toBe(413);
  expect(res.body).toEqual(problem("payload-too-large", 413, "Payload Too Large", "POST /users: body is larger than the limit of 1048576 bytes"));
});

it("answers a missing body with 400", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users");
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users: body is required (application/json)");
});

it("keeps __proto__ and constructor keys in a body away from any prototype", async () => {
  const api = await (await useMock()).login();
  const raw = '{"userId":"u1","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
  const res = await api.post("/users", undefined, { raw, contentType: "application/json" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users: body.__proto__ is not allowed; body.constructor is not allowed");
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const batch = await api.post("/users/batch", undefined, { raw: '{"users":[{"userId":"a","__proto__":{"polluted":true}}]}', contentType: "application/json" });
  expect(batch.body).toEqual("POST /users/batch: body.users[0].__proto__ is not allowed");
  const query = await api.get("/users?__proto__[polluted]=1&constructor=x");
  expect(query.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it("answers an unknown route with 404 route-not-found", async () => {
  const mock = await useMock();
  const api = await mock.login();
  expect((await api.get("/userz")).body).toEqual(problem("route-not-found", 404, "Not Found", "GET /userz: no such route in the API"));
  expect((await mock.fetch("/v1/users")).body).toEqual(
    problem("route-not-found", 404, "Not Found", "GET /v1/users: no such route; the API lives under /energy-coordination/v1 and the token endpoint at /connect/token"),
  );
});

it("answers a wrong method on a known path with 405 and Allow", async () => {
  const api = await (await useMock()).login();
  const res = await api.request("PATCH", "/users/u1");
  expect(res.status).toBe(405);
  expect(res.headers.get("allow")).toBe("DELETE, GET");
  expect(res.body).toEqual(problem("method-not-allowed", 405, "Method Not Allowed", "PATCH /users/u1: method PATCH is not allowed here; allowed: DELETE, GET"));
});

it("matches paths case-insensitively", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  expect((await api.get("/Users/u1")).body).toEqual({ userId: "u1" });
});

it("routes static segments before parameters", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "eligible" });
  const res = await api.get("/users/eligible");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ users: [], pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null } });
});
