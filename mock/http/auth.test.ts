import { expect, it } from "vitest";
import { TokenStore } from "../state/clients.js";
import { useMock, type MockServer } from "../testing.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const tokenRequest = (mock: MockServer, body: string, headers: Record<string, string> = FORM) => mock.fetch("/connect/token", { method: "POST", headers, body });
const demo = { grant_type: "client_credentials", client_id: "partner-demo", client_secret: "partner-demo-secret" };

it("issues a bearer token for the demo client's id and secret in the body", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, form(demo));
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("pragma")).toBe("no-cache");
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(JSON.stringify(res.body)));
  expect(res.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
});

it("issues a token to a client that authenticates with HTTP Basic", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, form({ grant_type: "client_credentials" }), { ...FORM, authorization: basic("partner-demo", "partner-demo-secret") });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
});

it("answers expires_in from tokenTtlSeconds", async () => {
  const mock = await useMock({ tokenTtlSeconds: 60 });
  expect((await tokenRequest(mock, form(demo))).body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 60 });
});

it("refuses a wrong secret with 401 invalid_client and no Basic challenge", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, form({ ...demo, client_secret: "nope" }));
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBeNull();
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.body).toEqual({ error: "invalid_client", error_description: "unknown client or wrong secret" });
});

it("refuses a wrong Basic secret with 401 invalid_client and a Basic challenge", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, form({ grant_type: "client_credentials" }), { ...FORM, authorization: basic("partner-demo", "nope") });
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Basic realm="energy-coordination", charset="UTF-8"');
  expect(res.body).toEqual({ error: "invalid_client", error_description: "unknown client or wrong secret" });
});

it("refuses an unknown client and a request without client authentication", async () => {
  const mock = await useMock();
  expect((await tokenRequest(mock, form({ ...demo, client_id: "stranger" }))).body).toEqual({ error: "invalid_client", error_description: "unknown client or wrong secret" });
  const none = await tokenRequest(mock, form({ grant_type: "client_credentials" }));
  expect(none.status).toBe(401);
  expect(none.body).toEqual({ error: "invalid_client", error_description: "client authentication is missing" });
});

it("refuses Basic and body credentials together with invalid_request", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, form(demo), { ...FORM, authorization: basic("partner-demo", "partner-demo-secret") });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: "invalid_request", error_description: "authenticate the client with HTTP Basic or with client_id/client_secret in the body, not both" });
});

it("refuses a body that is not form-encoded with invalid_request", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, JSON.stringify(demo), { "content-type": "application/json" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: "invalid_request", error_description: "Content-Type must be application/x-www-form-urlencoded" });
});

it("refuses a missing grant_type with invalid_request and another grant with unsupported_grant_type", async () => {
  const mock = await useMock();
  const { grant_type: _omitted, ...noGrant } = demo;
  const missing = await tokenRequest(mock, form(noGrant));
  expect(missing.status).toBe(400);
  expect(missing.body).toEqual({ error: "invalid_request", error_description: "grant_type is required" });
  const password = await tokenRequest(mock, form({ ...demo, grant_type: "password" }));
  expect(password.status).toBe(400);
  expect(password.body).toEqual({ error: "unsupported_grant_type", error_description: "grant_type password is not supported; use client_credentials" });
});

it("refuses a parameter given twice with invalid_request", async () => {
  const mock = await useMock();
  const res = await tokenRequest(mock, `${form(demo)}&grant_type=client_credentials`);
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: "invalid_request", error_description: "grant_type is given more than once" });
});

it("answers 405 with Allow: POST to a GET of the token endpoint", async () => {
  const mock = await useMock();
  const res = await mock.fetch("/connect/token");
  expect(res.status).toBe(405);
  expect(res.headers.get("allow")).toBe("POST");
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:method-not-allowed",
    title: "Method Not Allowed",
    status: 405,
    detail: "GET /connect/token: method GET is not allowed here; allowed: POST",
  });
});

it("replaces the demo client with the configured clients", async () => {
  const mock = await useMock({ clients: [{ id: "acme", secret: "s3cret" }] });
  expect((await tokenRequest(mock, form(demo))).status).toBe(401);
  expect((await tokenRequest(mock, form({ grant_type: "client_credentials", client_id: "acme", client_secret: "s3cret" }))).status).toBe(200);
});

it("rejects a request without a token with 401 and a Bearer challenge", async () => {
  const mock = await useMock();
  const res = await mock.as(undefined).get("/users");
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination"');
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:unauthorized",
    title: "Unauthorized",
    status: 401,
    detail: "GET /users: no access token; send Authorization: Bearer <token> from POST /connect/token",
  });
});

it("answers another scheme with a plain Bearer challenge, without an error code (RFC 6750 section 3)", async () => {
  const mock = await useMock();
  const res = await mock.as(undefined).get("/users", { headers: { authorization: basic("partner-demo", "partner-demo-secret") } });
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination"');
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:unsupported-scheme",
    title: "Unauthorized",
    status: 401,
    detail: "GET /users: the Authorization header uses the Basic scheme; send Authorization: Bearer <token> from POST /connect/token",
  });
});

it("rejects a malformed Bearer header with 401 invalid_request", async () => {
  const mock = await useMock();
  const res = await mock.as(undefined).get("/users", { headers: { authorization: "Bearer two words" } });
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination", error="invalid_request", error_description="The Authorization header must be Bearer <token>"');
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:malformed-authorization",
    title: "Unauthorized",
    status: 401,
    detail: "GET /users: the Authorization header must be Bearer <token>",
  });
});

it("rejects an unknown token with 401 invalid_token", async () => {
  const mock = await useMock();
  const res = await mock.as("made-up-token").get("/users");
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="energy-coordination", error="invalid_token", error_description="The access token is unknown or has expired"');
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:invalid-token",
    title: "Unauthorized",
    status: 401,
    detail: "GET /users: the access token is unknown or has expired; get a new one from POST /connect/token",
  });
});

it("rejects an expired token with 401 invalid_token", async () => {
  let now = Date.parse("2026-11-26T12:00:00Z");
  const mock = await useMock({ now: () => now, tokenTtlSeconds: 60 });
  const api = await mock.login();
  now += 59_999;
  expect((await api.get("/users")).status).toBe(200);
  now += 1;
  const res = await api.get("/users");
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

it("checks the token before the body, so a bad body without a token is a 401", async () => {
  const mock = await useMock();
  expect((await mock.as(undefined).post("/users", { nope: 1 })).status).toBe(401);
});

it("forgets expired tokens, so memory does not grow without bound, and says why until then", () => {
  let now = 0;
  const tokens = new TokenStore(1000, () => now, () => 0, 2000);
  for (let i = 0; i < 1023; i++) tokens.issue("c");
  expect(tokens.size).toBe(1023);
  now = 1000;
  const live = tokens.issue("c");
  expect(tokens.size).toBe(1);
  expect(tokens.clientOf(live)).toBe("c");
  now = 2000;
  // Kept until the next sweep, so that each use says why it is refused.
  expect([tokens.status(live), tokens.status(live), tokens.size]).toEqual([{ state: "expired", clientId: "c", expiresAt: 2000, now: 2000 }, { state: "expired", clientId: "c", expiresAt: 2000, now: 2000 }, 1]);
  expect(tokens.status("made-up")).toEqual({ state: "unknown" });
});

it("refuses a token once its lifetime has passed in real time, though the client froze its clock or moved it back", () => {
  let real = 0;
  const clientClock = 5000;
  const tokens = new TokenStore(1000, () => clientClock, () => real);
  const frozen = tokens.issue("c");
  real = 999;
  expect(tokens.clientOf(frozen)).toBe("c");
  real = 1000;
  expect(tokens.clientOf(frozen)).toBeUndefined();
  expect(tokens.status(frozen)).toEqual({ state: "outlived", clientId: "c", expiresAt: 6000, realExpiresAt: 1000, now: 5000 });
});

it("issues tokens of 32 random bytes in Base64url, none twice, across many draws of the random pool", () => {
  const tokens = new TokenStore(1000, () => 0, () => 0, 1000);
  const issued = Array.from({ length: 300 }, () => tokens.issue("c1"));
  expect(issued.filter((t) => !/^[\w-]{43}$/.test(t))).toEqual([]);
  expect(new Set(issued).size).toBe(300);
  expect(new Set(issued.map((t) => Buffer.from(t, "base64url").length))).toEqual(new Set([32]));
});

it("keeps at most the cap of live tokens per client in memory, revoking the oldest", () => {
  const tokens = new TokenStore(1000, () => 0, () => 0, 2);
  const issued = Array.from({ length: 5 }, () => tokens.issue("c1"));
  const other = tokens.issue("c2");
  expect(issued.map((t) => tokens.clientOf(t))).toEqual([undefined, undefined, undefined, "c1", "c1"]);
  expect(tokens.clientOf(other)).toBe("c2");
  expect(tokens.size).toBe(3);
  tokens.revokeClient("c1");
  expect([tokens.size, tokens.clientOf(issued[4] ?? "")]).toEqual([1, undefined]);
});

it("answers an oversized or empty token request with invalid_request", async () => {
  const mock = await useMock();
  const big = await tokenRequest(mock, `${form(demo)}&padding=${"x".repeat(1024 * 1024)}`);
  expect(big.status).toBe(400);
  expect(big.body).toEqual({ error: "invalid_request", error_description: "body is larger than the limit of 1048576 bytes" });
  const empty = await tokenRequest(mock, "");
  expect(empty.status).toBe(400);
  expect(empty.body).toEqual({ error: "invalid_request", error_description: "grant_type is required" });
});
