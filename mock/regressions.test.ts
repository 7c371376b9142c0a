// One test per defect the fuzzing found, named after the defect. Each failed before its fix.
import { expect, it } from "vitest";
import { API_BASE } from "./http/errors.js";
import { rawClient, type RawRequest } from "../fuzz/client.js";
import { refusal, useMock, type MockServer } from "./testing.js";

async function raw(mock: MockServer, req: RawRequest) {
  const http = rawClient(mock.origin);
  try {
    return await http.send(req);
  } finally {
    http.close();
  }
}

it("repeated Authorization headers: the first one no longer wins silently", async () => {
  const mock = await useMock();
  const token = await mock.token();
  const res = await raw(mock, { method: "GET", path: `${API_BASE}/users`, headers: { authorization: [`Bearer ${token}`, "Bearer forged"] } });
  expect(res.status).toBe(401);
  expect(res.headers["www-authenticate"]).toBe('Bearer realm="energy-coordination", error="invalid_request", error_description="Send one Authorization header"');
  const tokenRes = await raw(mock, {
    method: "POST",
    path: "/connect/token",
    headers: { authorization: [`Basic ${Buffer.from("partner-demo:partner-demo-secret").toString("base64")}`, "Basic eDp5"], "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(tokenRes.status).toBe(400);
  expect(JSON.parse(tokenRes.text)).toEqual({ error: "invalid_request", error_description: "send one Authorization header, not 2" });
});

it("unbounded validation errors: 30,000 unknown fields get a 400 that lists 20 of them", async () => {
  const mock = await useMock();
  const client = await mock.login();
  const body = `{${Array.from({ length: 30_000 }, (_, i) => `"k${i}":0`).join(",")}}`;
  const res = await client.post("/users", undefined, { raw: body, contentType: "application/json" });
  expect(res.status).toBe(400);
  expect(res.text.length).toBeLessThan(4096);
  const listed = Array.from({ length: 20 }, (_, i) => `body.k${i} is not allowed`);
  // PostUser declares its 400 as a JSON string.
  expect(res.body).toBe(`POST /users: body.userId is required; ${listed.slice(0, 19).join("; ")}; and 29981 more`);
});

it("unbounded validation errors: a 900 KB field name is cut to 200 characters in the problem document", async () => {
  const mock = await useMock();
  const client = await mock.login();
  await client.post("/users", { userId: "u1" });
  const name = "k".repeat(900_000);
  const res = await client.post("/users/u1/vehicles", undefined, { raw: `{"resourceId":"v1","resourceType":"Vehicle","${name}":1}`, contentType: "application/json" });
  expect(res.status).toBe(400);
  const cut = `body.${"k".repeat(195)}…`;
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:validation-failed",
    title: "Bad Request",
    status: 400,
    detail: `POST /users/u1/vehicles: ${cut} is not allowed`,
    errors: { [cut]: ["is not allowed"] },
  });
});

it("non-UTF-8 bodies stored as U+FFFD: a Latin-1 charset gets 415 and invalid UTF-8 bytes get 400", async () => {
  const mock = await useMock();
  const client = await mock.login();
  const latin1 = await client.post("/users", undefined, { raw: Buffer.from('{"userId":"\xfc"}', "latin1"), contentType: "application/json; charset=latin1" });
  expect(latin1.status).toBe(415);
  expect(latin1.body).toEqual({
    type: "urn:energy-coordination-mock:problem:unsupported-media-type",
    title: "Unsupported Media Type",
    status: 415,
    detail: "POST /users: charset latin1 is not accepted; send application/json in UTF-8",
  });
  const bytes = await client.post("/users", undefined, { raw: Buffer.from('{"userId":"\xfc"}', "latin1"), contentType: "application/json" });
  expect(bytes.status).toBe(400);
  expect(bytes.body).toBe("POST /users: body is not valid UTF-8");
  expect((await client.get("/users")).body).toEqual({ users: [], pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null } });
  expect((await client.post("/users", { userId: "ü" }, { contentType: "application/json; charset=UTF-8" })).status).toBe(201);
});

it("absolute-form request targets: a wrong method answers 405 (not 404) and messages name the path", async () => {
  const mock = await useMock();
  const token = await mock.token();
  const res = await raw(mock, { method: "PATCH", path: `${mock.origin}${API_BASE}/users`, headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(405);
  expect(res.headers.allow).toBe("GET, POST");
  expect(JSON.parse(res.text)).toEqual({
    type: "urn:energy-coordination-mock:problem:method-not-allowed",
    title: "Method Not Allowed",
    status: 405,
    detail: "PATCH /users: method PATCH is not allowed here; allowed: GET, POST",
  });
  const undecodable = await raw(mock, { method: "GET", path: `${mock.origin}${API_BASE}/users/%E0%A4%A`, headers: { authorization: `Bearer ${token}` } });
  expect(undecodable.status).toBe(400);
  expect(JSON.parse(undecodable.text)).toBe("GET /users/%E0%A4%A: Failed to decode param '%E0%A4%A'");
  const found = await raw(mock, { method: "GET", path: `${mock.origin}${API_BASE}/users`, headers: { authorization: `Bearer ${token}` } });
  expect(found.status).toBe(200);
});

it("error answers quoting huge ids: a 200 KB userId is refused by its maxLength, and a 404 for a 10 KB one names it cut short", async () => {
  const mock = await useMock();
  const client = await mock.login();
  const huge = await client.post("/users", { userId: "u".repeat(200_000) });
  expect([huge.status, huge.body]).toEqual([400, "POST /users: body.userId must NOT have more than 128 characters"]);
  const userId = "u".repeat(10_000);
  const res = await client.get(`/users/${userId}`);
  expect(refusal(res)).toEqual({ status: 404, detail: `user ${"u".repeat(64)}...(9936 more) does not exist`, text: "" });
});
