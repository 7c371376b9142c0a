// Proof that the suite can fail: each deliberately broken target is caught at the right step with the right message.
import { expect, it, onTestFinished } from "vitest";
import { startProxy, type Breakage } from "./broken-proxy.js";
import { FLOW } from "./flow.js";
import { launchMock } from "./launch-mock.js";
import { runContract, type Report } from "./runner.js";

const API = "/energy-coordination/v1";

async function runBehind(breakage: Breakage): Promise<Report> {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const proxy = await startProxy(mock.origin, breakage);
  onTestFinished(() => proxy.close());
  return runContract({
    target: { baseUrl: `${proxy.origin}${API}`, tokenUrl: `${proxy.origin}/connect/token` },
    client: mock.client,
    second: mock.second,
  });
}

const failed = (report: Report) => report.steps.filter((s) => s.status === "failed");
const failedNames = (report: Report) => failed(report).map((s) => s.name);

/** The bearer token of the first API request: the first client's. */
function firstToken() {
  let token: string | undefined;
  return (req: { url: string; headers: Record<string, string> }) => {
    if (!req.url.startsWith(API)) return undefined;
    token ??= req.headers.authorization;
    return token;
  };
}

it("fails GetUserById, naming /userId, when the target renames userId to user_id", async () => {
  const report = await runBehind({
    response(req, res) {
      if (req.method !== "GET" || !/^\/energy-coordination\/v1\/users\/[^/?]+$/.test(req.url) || res.status !== 200) return;
      const { userId, ...rest } = JSON.parse(res.body) as { userId: string };
      return { ...res, body: JSON.stringify({ ...rest, user_id: userId }) };
    },
  });
  expect(failedNames(report)).toEqual(["GetUserById", "GetUserById [every user of the batch]"]);
  const failure = failed(report)[0]!.failure!;
  expect(failure.message).toBe("the 200 response does not match the spec");
  expect(failure.issues).toEqual([
    { field: "body.userId", pointer: "/userId", message: "is required" },
    { field: "body.user_id", pointer: "/user_id", message: "is not allowed" },
  ]);
  expect(failure.exchange?.request.url).toMatch(/\/energy-coordination\/v1\/users\/ect-[0-9a-f-]{36}$/);
  expect(failure.curl).toMatch(/^curl 'http:\/\/127\.0\.0\.1:\d+\/energy-coordination\/v1\/users\/ect-[0-9a-f-]{36}' -H "Authorization: Bearer \$TOKEN"$/);
});

it("fails PostWebhook with 'not declared' when the target answers 202, and still deletes the webhook", async () => {
  const report = await runBehind({
    response: (req, res) => (req.method === "POST" && req.url === `${API}/webhooks` && res.status === 201 ? { ...res, status: 202 } : undefined),
  });
  expect(failedNames(report)).toEqual(["PostWebhook"]);
  const failure = failed(report)[0]!.failure!;
  expect(failure.message).toBe("expected 201, got 202");
  expect(failure.issues).toEqual([{ field: "status", pointer: "/", message: "202 is not declared for PostWebhook (declared: 201, 400, 401, 409, 413, 415)" }]);
  expect(report.steps.find((s) => s.name === "GetWebhookById")).toMatchObject({ status: "skipped", reason: "needs PostWebhook, which failed" });
  expect(report.steps.find((s) => s.name === "DeleteWebhookById")).toMatchObject({ status: "passed" });
});

it("fails the 401 check when the target answers without a token", async () => {
  const token = firstToken();
  const report = await runBehind({
    request(req) {
      const bearer = token(req);
      if (req.url.startsWith(API) && !req.headers.authorization && bearer) req.headers.authorization = bearer;
    },
  });
  expect(failedNames(report)).toEqual(["GetUsers [no token → 401]"]);
  expect(failed(report)[0]!.failure!.message).toBe("expected 401 (no Authorization header), got 200");
  expect(failed(report)[0]!.failure!.curl).toBe(`curl '${failed(report)[0]!.failure!.exchange!.request.url}'`);
});

it("fails the isolation checks when the target shows one client's data to another", async () => {
  const token = firstToken();
  // The target ignores whose token it is: every API request is served as the first client.
  const report = await runBehind({
    request(req) {
      const bearer = token(req);
      if (bearer && req.headers.authorization) req.headers.authorization = bearer;
    },
  });
  // Every isolation check fails (and the garbage tokens, which the target now swaps for a good one).
  const isolation = FLOW.filter((s) => s.needs.includes("RequestToken [second client]")).map((s) => s.name);
  expect(failedNames(report).filter((n) => n.includes("[second client"))).toEqual(isolation);
  expect(report.steps.filter((s) => s.name.includes("garbage token")).every((s) => s.status === "failed")).toBe(true);
  const byId = failed(report).find((s) => s.name === "GetUserById [second client → 404]");
  const list = failed(report).find((s) => s.name === "GetUsers [second client lists none of them]");

  expect(byId!.failure!.message).toBe("expected 404 (another client's object), got 200");
  expect(list!.failure!.message).toMatch(/^the second client's user list holds the first client's (ect-[0-9a-f-]{36}, ){5}ect-[0-9a-f-]{36}$/);
});

it("cleans up everything after a failure in the middle of the flow", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const proxy = await startProxy(mock.origin, {
    response: (req, res) => (req.url.endsWith("/resources") && req.method === "GET" ? { status: 500, headers: {}, body: "" } : undefined),
  });
  onTestFinished(() => proxy.close());
  const report = await runContract({ target: { baseUrl: `${proxy.origin}${API}`, tokenUrl: `${mock.tokenUrl}` }, client: mock.client });
  expect(failedNames(report)).toEqual([
    "GetResourcesForUser",
    "GetLocationBoundResources",
    "GetResourcesForUser [an unknown user → 404]",
    "GetLocationBoundResources [an unknown location → 404]",
    "GetResourcesForUser [a garbage token → 401]",
    "GetLocationBoundResources [a garbage token → 401]",
    "DeleteResourceById [then GetResourceById → 404]",
  ]);
  expect(report.leftovers).toEqual([]);
  expect(report.steps.slice(-5).map((s) => [s.name, s.status])).toEqual([
    ["DeleteWebhookById", "passed"],
    ["DeleteResourceById", "passed"],
    ["DeleteLocation", "passed"],
    ["DeleteUserById", "passed"],
    ["GetUserById [deleted user → 404]", "passed"],
  ]);
  const token = ((await (await fetch(mock.tokenUrl, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: mock.client.id, client_secret: mock.client.secret }) })).json()) as { access_token: string }).access_token;
  const get = async (path: string) => (await fetch(`${mock.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  expect(await get("/users")).toEqual({ users: [], pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null } });
  expect(await get("/webhooks")).toEqual({ webhooks: [] });
});
