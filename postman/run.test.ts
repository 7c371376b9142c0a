import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { loadSpec } from "../spec/openapi.js";
import type { MockOptions } from "../mock/context.js";
import { buildCollection } from "./collection.js";
import { runCollection, startMock, type EnvVar, type LocalMock } from "./run.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function mock(options: MockOptions = {}): Promise<LocalMock> {
  const m = await startMock(options);
  closers.push(() => m.close());
  return m;
}

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
}

/** A proxy in front of the mock that records requests and may rewrite JSON response bodies. */
async function proxy(target: string, rewrite: (json: string) => string = (j) => j): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization });
    const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on("data", (c: Buffer) => chunks.push(c));
      up.on("end", () => {
        let body = Buffer.concat(chunks);
        if (String(up.headers["content-type"] ?? "").includes("json")) body = Buffer.from(rewrite(body.toString("utf8")));
        res.writeHead(up.statusCode ?? 502, { ...up.headers, "content-length": String(body.length) }).end(body);
      });
    });
    req.pipe(upstream);
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** The mock's variables with baseUrl and tokenUrl pointed at a proxy. */
function through(m: LocalMock, origin: string): EnvVar[] {
  const local = new URL(m.baseUrl).origin;
  return m.envVars.map((v) => (v.key === "baseUrl" || v.key === "tokenUrl" ? { key: v.key, value: v.value.replace(local, origin) } : v));
}

// A whole newman run can be slow on a loaded 2-core machine.
it("runs every request of the collection against the mock with no failed assertion", { timeout: 60_000 }, async () => {
  const m = await mock();
  const result = await runCollection({ envVars: m.envVars, reporters: [] });

  const collection = buildCollection(loadSpec()) as { item: { item: { name: string }[] }[] };
  const names = collection.item.flatMap((folder) => folder.item.map((request) => request.name));
  expect(result.failures).toEqual([]);
  expect(result.executed).toEqual(names);
  expect(result.assertions).toBeGreaterThanOrEqual(2 * names.length);
  // Every check ran, the isolation checks included (they are skipped only without a second client, below).
  const skipped = result.summary.run.executions.flatMap((e) => (e.assertions ?? []).filter((a) => a.skipped).map((a) => a.assertion));
  expect(skipped).toEqual([]);
});

it("fails naming the field when the mock renames userId to user_id", async () => {
  const m = await mock();
  const p = await proxy(new URL(m.baseUrl).origin, (json) => json.replaceAll('"userId":', '"user_id":'));
  const result = await runCollection({ envVars: through(m, p.origin), reporters: [], folder: ["PostUser", "GetUserById"] });

  const messages = result.failures.map((f) => `${f.request}: ${f.message}`);
  expect(messages).toContain("PostUser: PostUser 201 does not match the spec: body.user_id is not allowed; body.userId is required");
  expect(messages).toContain("GetUserById: GetUserById 200 does not match the spec: body.user_id is not allowed; body.userId is required");
  expect(messages).toContainEqual(expect.stringMatching(/^GetUserById: body\.userId: expected undefined to equal '[0-9a-f-]{36}'$/));
});

/** The mock's variables without the second client: no isolation checks, so every API call but the 401 probes carries the run's token. */
const oneClient = (envVars: EnvVar[]) => envVars.filter((v) => !v.key.startsWith("client2_"));
/** The Users folder's deliberate 401 probes (RFC 6750): no token, and a token nobody issued. */
const PROBES = [undefined, "Bearer not-a-token-of-this-deployment"];
const USERS_FOLDER = ["PostUser", "GetUserById", "PostUsers", "GetUsers", "DeleteUserById"];

it("fetches one token for a folder and sends it as the bearer token, never to the token endpoint", async () => {
  const m = await mock();
  const p = await proxy(new URL(m.baseUrl).origin);
  const result = await runCollection({ envVars: oneClient(through(m, p.origin)), reporters: [], folder: ["Users"] });

  expect(result.failures).toEqual([]);
  const tokenCalls = p.seen.filter((s) => s.path === "/connect/token");
  const apiCalls = p.seen.filter((s) => s.path.startsWith("/energy-coordination/v1/"));
  expect(tokenCalls).toEqual([{ method: "POST", path: "/connect/token", authorization: undefined }]);
  const tokens = [...new Set(apiCalls.map((s) => s.authorization))].filter((a) => !PROBES.includes(a));
  expect(tokens).toEqual([expect.stringMatching(/^Bearer \S+$/)]);
  expect(apiCalls.filter((s) => PROBES.includes(s.authorization)).map((s) => `${s.method} ${s.path}`)).toEqual(PROBES.map(() => "GET /energy-coordination/v1/users"));
});

it("refreshes the token when it is about to expire", async () => {
  // Tokens that live 30 s are always within the script's one-minute margin, so every request gets a new one.
  const m = await mock({ tokenTtlSeconds: 30 });
  const p = await proxy(new URL(m.baseUrl).origin);
  const result = await runCollection({ envVars: oneClient(through(m, p.origin)), reporters: [], folder: ["PostUser", "GetUserById"] });

  expect(result.failures).toEqual([]);
  expect(p.seen.filter((s) => s.path === "/connect/token")).toHaveLength(2);
  const tokens = new Set(p.seen.filter((s) => s.path.startsWith("/energy-coordination/")).map((s) => s.authorization));
  expect([...tokens]).toHaveLength(2);
});

it("stops with an actionable message when the client secret is wrong", async () => {
  const m = await mock();
  const envVars = m.envVars.map((v) => (v.key === "client_secret" ? { key: v.key, value: "wrong" } : v));
  const result = await runCollection({ envVars, reporters: [], folder: ["Users"] });

  expect(result.executed).toEqual(USERS_FOLDER);
  expect(result.requests).toBe(5); // token requests only: the API requests were skipped
  expect(result.failures[0]).toEqual({
    request: "PostUser",
    test: `an access token from ${m.tokenUrl}`,
    message: `Token request to ${m.tokenUrl} answered 401: {"error":"invalid_client","error_description":"unknown client or wrong secret"}`,
    iteration: 0,
  });
});

it("asks for credentials when none are set", async () => {
  const m = await mock();
  const envVars = m.envVars.map((v) => (v.key === "client_id" ? { key: v.key, value: "" } : v));
  const result = await runCollection({ envVars, reporters: [], folder: ["Users"] });

  expect(result.requests).toBe(0);
  expect(result.failures.map((f) => `${f.request}: ${f.message}`)).toEqual(
    USERS_FOLDER.map((name) => `${name}: Set tokenUrl, client_id and client_secret (environment or collection variables) to get an access token`),
  );
});

it("sends the token from Get New Access Token when the collection's OAuth2 auth holds one, as in the app", async () => {
  const m = await mock();
  const p = await proxy(new URL(m.baseUrl).origin);
  const response = await fetch(m.tokenUrl, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: "partner-demo", client_secret: "partner-demo-secret" }),
  });
  const { access_token: token } = (await response.json()) as { access_token: string };
  // What the app stores on the collection's OAuth2 auth after "Get New Access Token" and "Use Token".
  const collection = buildCollection(loadSpec()) as { auth: { oauth2: { key: string; value: string }[] } };
  collection.auth.oauth2.push({ key: "accessToken", value: token });
  const result = await runCollection({ collection, envVars: oneClient(through(m, p.origin)), reporters: [], folder: ["PostUser", "GetUserById"] });

  expect(result.failures).toEqual([]);
  const apiCalls = p.seen.filter((s) => s.path.startsWith("/energy-coordination/v1/"));
  expect(apiCalls.length).toBeGreaterThan(2);
  expect([...new Set(apiCalls.map((s) => s.authorization))]).toEqual([`Bearer ${token}`]);
});

it("skips the isolation checks, naming the reason, when no second client is set", async () => {
  const m = await mock();
  const result = await runCollection({ envVars: oneClient(m.envVars), reporters: [], folder: ["Users"] });

  expect(result.failures).toEqual([]);
  // The executions list an item's assertions again for each request its scripts sent.
  const skipped = [...new Set(result.summary.run.executions.flatMap((e) => (e.assertions ?? []).filter((a) => a.skipped).map((a) => `${e.item.name}: ${a.assertion}`)))];
  const reason = "(skipped: set client2_id and client2_secret (a second client of the same deployment) to check isolation)";
  expect(skipped).toEqual([
    `GetUserById: a second client gets 404 for the user ${reason}`,
    `GetUserById: a second client gets 404 for a DELETE of the user ${reason}`,
    `GetUsers: a second client's user list holds none of the run's userIds ${reason}`,
  ]);
});
