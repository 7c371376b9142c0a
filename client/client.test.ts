// The client's own behaviour against the mock: tokens (cached, retried once after invalid_token), errors as
// typed values, paging, and the compile-time checks of request bodies.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import { contextOf, createApp } from "../mock/http/app.js";
import type { MockOptions } from "../mock/context.js";
import { ClientError, createClient, type ClientOptions, type Fetch } from "./index.js";

const CLIENT = { id: "partner-demo", secret: "partner-demo-secret" };

/** The mock on 127.0.0.1:0, closed when the test ends; the options a client of it needs. */
async function mock(options: MockOptions = {}): Promise<ClientOptions & { origin: string }> {
  const app = createApp({ clients: [CLIENT], ...options });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await contextOf(app).close();
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, baseUrl: `${origin}/energy-coordination/v1`, tokenUrl: `${origin}/connect/token`, clientId: CLIENT.id, clientSecret: CLIENT.secret };
}

/** A fetch that records `METHOD /path?query status` of every exchange (and may rewrite requests first). */
function recording(rewrite: (request: Request) => Request | Promise<Response> = (r) => r): { fetch: Fetch; log: string[] } {
  const log: string[] = [];
  return {
    log,
    fetch: async (request) => {
      const url = new URL(request.url);
      const rewritten = rewrite(request);
      const res = rewritten instanceof Request ? await fetch(rewritten) : await rewritten;
      log.push(`${request.method} ${url.pathname.replace("/energy-coordination/v1", "")}${url.search} ${res.status}`);
      return res;
    },
  };
}

it("gets one token for many calls and sends it as a bearer token", async () => {
  const target = await mock();
  const seen = new Set<string | null>();
  const { fetch, log } = recording((r) => {
    seen.add(r.headers.get("authorization"));
    return r;
  });
  const client = createClient({ ...target, fetch });
  await client.POST("/users", { body: { userId: "u1" } });
  await client.GET("/users/{userId}", { params: { path: { userId: "u1" } } });
  await client.DELETE("/users/{userId}", { params: { path: { userId: "u1" } } });
  expect(log).toEqual(["POST /connect/token 200", "POST /users 201", "GET /users/u1 200", "DELETE /users/u1 204"]);
  expect([...seen]).toEqual([null, `Bearer ${await client.token()}`]);
});

it("fetches a new token and retries once when the API answers 401 invalid_token", async () => {
  let now = Date.parse("2026-11-26T12:00:00Z");
  const { fetch, log } = recording();
  const client = createClient({ ...(await mock({ now: () => now })), fetch });
  expect((await client.GET("/users")).data).toEqual({ users: [], pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null } });
  // The service's clock passes the token's expiry while the client's does not (clock skew, a revoked token).
  now += 2 * 3600_000;
  const after = await client.GET("/users");
  expect(after.response?.status).toBe(200);
  expect(log).toEqual(["POST /connect/token 200", "GET /users 200", "GET /users 401", "POST /connect/token 200", "GET /users 200"]);
});

it("returns the second 401 as the API's error instead of retrying again", async () => {
  const { fetch, log } = recording((r) => {
    if (r.url.includes("/connect/token")) return r;
    r.headers.set("authorization", "Bearer not-a-token");
    return r;
  });
  const client = createClient({ ...(await mock()), fetch });
  const res = await client.GET("/users");
  expect(res.response?.status).toBe(401);
  expect(res.response?.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination", error="invalid_token", error_description="The access token is unknown or has expired"');
  expect(res.error).toEqual({
    type: "urn:energy-coordination-mock:problem:invalid-token",
    title: "Unauthorized",
    status: 401,
    detail: "GET /users: the access token is unknown or has expired; get a new one from POST /connect/token",
  });
  expect(log).toEqual(["POST /connect/token 200", "GET /users 401", "POST /connect/token 200", "GET /users 401"]);
});

it("returns a typed error naming the client id and the token URL, never the secret, when the token URL answers 401", async () => {
  const target = await mock();
  const client = createClient({ ...target, clientSecret: "the-wrong-secret" });
  const { data, error } = await client.GET("/users");
  expect(data).toBeUndefined();
  expect(error).toBeInstanceOf(ClientError);
  if (!(error instanceof ClientError)) return;
  expect({ code: error.code, status: error.status, message: error.message }).toEqual({
    code: "token-rejected",
    status: 401,
    message: `the token endpoint refused client "partner-demo" at ${target.tokenUrl}: 401 invalid_client (unknown client or wrong secret)`,
  });
  expect(JSON.stringify({ ...error, message: error.message })).not.toContain("the-wrong-secret");
});

it("returns a typed error with the status and the first 200 characters when a response is not JSON", async () => {
  const page = `<html><body>${"Bad gateway. ".repeat(30)}</body></html>`;
  const { fetch } = recording((r) => (r.url.includes("/connect/token") ? r : Promise.resolve(new Response(page, { status: 502, headers: { "content-type": "text/html" } }))));
  const client = createClient({ ...(await mock()), fetch });
  const { error } = await client.GET("/users/{userId}", { params: { path: { userId: "u1" } } });
  expect(error).toBeInstanceOf(ClientError);
  if (!(error instanceof ClientError)) return;
  expect({ code: error.code, status: error.status, body: error.body, message: error.message }).toEqual({
    code: "not-json",
    status: 502,
    body: page.slice(0, 200),
    message: `GET /energy-coordination/v1/users/u1: the 502 response is not JSON (text/html): ${page.slice(0, 200)}`,
  });
});

it("returns a not-json error, not a thrown parse failure, for a 200 that claims JSON and is not", async () => {
  const { fetch } = recording((r) => (r.url.includes("/connect/token") ? r : Promise.resolve(new Response("{\"users\": [", { status: 200, headers: { "content-type": "application/json" } }))));
  const client = createClient({ ...(await mock()), fetch });
  const { error } = await client.GET("/users");
  expect(error instanceof ClientError ? [error.code, error.status, error.body] : error).toEqual(["not-json", 200, '{"users": [']);
});

it("returns a network error when nothing answers", async () => {
  const target = await mock();
  const client = createClient({ ...target, baseUrl: "http://127.0.0.1:9/energy-coordination/v1" });
  const { error } = await client.GET("/users");
  expect(error instanceof ClientError ? [error.code, error.message] : error).toEqual(["network", "no response from http://127.0.0.1:9/energy-coordination/v1: fetch failed"]);
});

it("walks every page of a list with for await", async () => {
  const { fetch, log } = recording();
  const client = createClient({ ...(await mock()), fetch });
  await client.POST("/users/batch", { body: { users: ["a", "b", "c", "d", "e"].map((userId) => ({ userId })) } });
  const ids: string[] = [];
  for await (const user of client.pages("/users", { pageSize: 2 })) ids.push(user.userId);
  expect(ids).toEqual(["a", "b", "c", "d", "e"]);
  expect(log).toEqual([
    "POST /connect/token 200",
    "POST /users/batch 201",
    "GET /users?page=1&pageSize=2 200",
    "GET /users?page=2&pageSize=2 200",
    "GET /users?page=3&pageSize=2 200",
  ]);
});

it("stops paging with a thrown ClientError on an error status", async () => {
  const client = createClient({ ...(await mock()), fetch: (r) => (r.url.includes("/connect/token") ? fetch(r) : Promise.resolve(Response.json({ title: "busy" }, { status: 503 }))) });
  const seen: unknown[] = [];
  const walk = async () => {
    for await (const event of client.pages("/events")) seen.push(event);
  };
  const thrown = await walk().then(() => undefined, (e: unknown) => e);
  expect(thrown).toBeInstanceOf(ClientError);
  if (!(thrown instanceof ClientError)) return;
  expect([thrown.code, thrown.status, thrown.message]).toEqual(["status", 503, 'GET /energy-coordination/v1/events: 503: {"title":"busy"}']);
  expect(seen).toEqual([]);
});

it("refuses a wrong field name and a missing required field at compile time (and the mock refuses them too)", async () => {
  const client = createClient(await mock());
  // @ts-expect-error nickname is not a field of PostUserRequest
  const wrongName = await client.POST("/users", { body: { userId: "u1", nickname: "Kari" } });
  // @ts-expect-error notificationType is not a field of PostWebhookRequest (notificationTypes is), though every field but webhookUrl is optional
  const misspelt = await client.POST("/webhooks", { body: { webhookUrl: "http://127.0.0.1:9/", notificationType: ["PriceCurveCreated"] } });
  // @ts-expect-error resourceType is required in PostVehicleResourceRequest
  const missing = await client.POST("/users/{userId}/vehicles", { params: { path: { userId: "u1" } }, body: { resourceId: "v1" } });
  // @ts-expect-error the path parameter is userId
  const wrongParam = await client.GET("/users/{userId}", { params: { path: { userID: "u1" } } });
  // @ts-expect-error /user is not a path of the API
  const wrongPath = await client.GET("/user");
  expect([wrongName, misspelt, missing, wrongParam, wrongPath].map((r) => r.response?.status)).toEqual([400, 400, 400, 404, 404]);
  const problem = (detail: string, field: string, message: string) => ({
    type: "urn:energy-coordination-mock:problem:validation-failed",
    title: "Bad Request",
    status: 400,
    detail,
    errors: { [field]: [message] },
  });
  expect([wrongName, misspelt, missing].map((r) => r.error)).toEqual([
    "POST /users: body.nickname is not allowed",
    problem("POST /webhooks: body.notificationType is not allowed", "body.notificationType", "is not allowed"),
    problem("POST /users/u1/vehicles: body.resourceType is required", "body.resourceType", "is required"),
  ]);
});
