// The whole flow against the mock: every step passes, every response is checked, nothing is left behind.
import { expect, it, onTestFinished } from "vitest";
import { startProxy } from "./broken-proxy.js";
import type { Exchange } from "./exchange.js";
import { FLOW } from "./flow.js";
import { launchMock } from "./launch-mock.js";
import { planSteps, runContract } from "./runner.js";

const CLEANUP = ["DeleteWebhookById", "DeleteResourceById", "DeleteLocation", "DeleteUserById", "GetUserById [deleted user → 404]"];

it("passes every step against a deployment that sends problem documents on its 404s and 409s, which the spec allows", async () => {
  const mock = await launchMock({ errorBodies: "problem" });
  onTestFinished(() => mock.close());
  const exchanges: Exchange[] = [];
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, onExchange: (e) => exchanges.push(e) });
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  const bodies = exchanges.filter((e) => e.response?.status === 404 && e.operationId === "GetUserById").map((e) => e.response?.contentType);
  expect(bodies.length).toBeGreaterThan(0);
  expect(new Set(bodies)).toEqual(new Set(["application/problem+json; charset=utf-8"]));
});

/** The steps that need `root`, directly or through another step. */
function dependents(root: string): string[] {
  const found = new Set([root]);
  for (const step of FLOW) if (step.needs.some((n) => found.has(n))) found.add(step.name);
  return FLOW.filter((s) => found.has(s.name)).map((s) => s.name);
}

it("passes every step of the flow against the mock, in the guide's order, and covers every operation", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const exchanges: Exchange[] = [];
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, onExchange: (e) => exchanges.push(e) });
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(report.steps.map((s) => s.name)).toEqual([...FLOW.map((s) => s.name), ...CLEANUP]);
  expect({ passed: report.passed, failed: report.failed, skipped: report.skipped }).toEqual({ passed: FLOW.length + 5, failed: 0, skipped: 0 });
  expect(report.leftovers).toEqual([]);
  // Every operation, and every declared status but those no client can cause (listed with the reason).
  expect(report.coverage.operations).toEqual({ exercised: 44, total: 44, missing: [] });
  expect(report.coverage.pairs.provoked).toBe(report.coverage.pairs.declared - report.coverage.pairs.missing.length);
  expect(new Set(report.coverage.pairs.missing.map((m) => m.reason.split(":")[0]))).toEqual(
    new Set(["it takes only free-form path parameters and no body or query", "the spec names no cause", "a limit of the client's allowance"]),
  );
  expect(report.coverage.pairs.missing.filter((m) => m.status !== "400").map((m) => `${m.operationId} ${m.status}`).sort()).toEqual(
    [
      "PatchLocation 409",
      "PostLPCLocationSimulation 429",
      "PostLPCResourceSimulation 429",
      "PostPriceCurveSimulation 429",
      "PostReport 409",
      "PostUserEligibilitySimulation 429",
      "PostWebhook 409",
      "RequestToken 429",
    ].sort(),
  );
  // Every id the suite chose is recognisable and unique to the run.
  const created = exchanges.filter((e) => e.request.method === "POST" && e.response?.status === 201 && ["PostUser", "PostLocation", "PostVehicle", "PostLocationBoundResource"].includes(e.operationId));
  expect(created.length).toBeGreaterThan(0);
  for (const e of created) expect(Object.values(JSON.parse(e.request.body!) as Record<string, unknown>)[0]).toMatch(/^ect-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

it("skips the isolation checks, saying why, without a second client", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const report = await runContract({ target: mock, client: mock.client });
  const reason = "no second client (--client2-id, --client2-secret)";
  expect(report.steps.filter((s) => s.status === "skipped").map((s) => [s.name, s.reason])).toEqual(dependents("RequestToken [second client]").map((name) => [name, reason]));
  expect(report.failed).toBe(0);
});

it("only reads under --read-only", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const methods = new Set<string>();
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, readOnly: true, onExchange: (e) => methods.add(e.request.method) });
  expect(report.steps.map((s) => s.name)).toEqual(planSteps({ readOnly: true }).map((s) => s.name));
  expect(report.steps.filter((s) => s.status !== "passed").map((s) => [s.name, s.reason])).toEqual([
    ["GetWebhookNotificationLogById", "deliveries not checked: --read-only registers no webhook"],
    ["GetWebhookNotificationLogs [second client lists none of them]", "deliveries not checked: --read-only registers no webhook"],
  ]);
  expect(methods).toEqual(new Set(["POST", "GET"]));
  expect(report.steps.filter((s) => s.status === "passed").length).toBeGreaterThan(25);
});

it("skips the simulations as not offered when the target has none", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const proxy = await startProxy(mock.origin, {
    response: (req, res) => (req.url.includes("/simulation/") ? { status: 404, headers: {}, body: "" } : res),
  });
  onTestFinished(() => proxy.close());
  const report = await runContract({ target: { baseUrl: `${proxy.origin}/energy-coordination/v1`, tokenUrl: mock.tokenUrl }, client: mock.client });
  // Every step of a simulation (its checks of 400, 401, 413, 415 included) and every step that needs its event.
  const simulations = ["PostPriceCurveSimulation", "PostUserEligibilitySimulation", "PostLPCLocationSimulation", "PostLPCResourceSimulation", "PostTenantDataSimulation", "DeleteTenantDataSimulation"];
  const offeredNot = new Set(simulations.flatMap(dependents));
  const isolation = dependents("RequestToken [second client]");
  expect(report.steps.filter((s) => s.reason === "not offered").map((s) => s.name)).toEqual(
    FLOW.filter((s) => (offeredNot.has(s.name) || simulations.includes(s.operationId)) && !isolation.includes(s.name)).map((s) => s.name),
  );
  // With no event, there is no delivery to read by id.
  expect(report.steps.find((s) => s.name === "GetWebhookNotificationLogById")?.reason).toBe("no delivery was logged to read");
  expect(report.steps.find((s) => s.name === "GetAllEvents")?.status).toBe("passed");
  expect(report.failed).toBe(0);
});

it("stops when interrupted and still deletes what it created", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const interrupt = new AbortController();
  const report = await runContract({
    target: mock,
    client: mock.client,
    signal: interrupt.signal,
    onStep: (step) => step.name === "PostVehicle" && interrupt.abort(),
  });
  expect(report.steps.filter((s) => s.status !== "skipped").map((s) => [s.name, s.status])).toEqual([
    ["RequestToken", "passed"],
    ["RequestToken [wrong secret → 401 invalid_client]", "passed"],
    ["RequestToken [password grant → 400 unsupported_grant_type]", "passed"],
    ["PostUser", "passed"],
    ["PostUsers", "passed"],
    ["PostVehicle", "passed"],
    ["DeleteResourceById", "passed"],
    ["DeleteUserById", "passed"],
    ["GetUserById [deleted user → 404]", "passed"],
  ]);
  expect(new Set(report.steps.filter((s) => s.status === "skipped").map((s) => s.reason))).toEqual(new Set(["interrupted"]));
  expect(report.leftovers).toEqual([]);
});

it("reports the answers a mock with faults injects as such, never as contract failures", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: mock.client.id, client_secret: mock.client.secret });
  const { access_token } = (await (await fetch(mock.tokenUrl, { method: "POST", body: form })).json()) as { access_token: string };
  const set = await fetch(`${mock.origin}/_mock/faults`, {
    method: "PUT",
    headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ errorRate: 1, operations: ["GetUsers"] }),
  });
  expect(set.status).toBe(200);
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, only: ["GetUsers"] });
  // Every step that reads the user list met the injected 503 and says so; nothing else is held against the mock.
  const injected = "the mock injected a fault (X-Mock-Fault: error, 503); not judged";
  const notPassed = report.steps.filter((s) => s.status !== "passed");
  expect(notPassed.map((s) => s.name)).toContain("GetUsers");
  expect(notPassed.map((s) => [s.operationId, s.status, s.reason])).toEqual(notPassed.map(() => ["GetUsers", "skipped", injected]));
  expect(report.failed).toBe(0);
});

it("cleans up after --only over a batch's users, reading back a user it deleted", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, only: ["GetEligibleUsers"] });
  expect(report.steps.filter((s) => s.status !== "passed").map((s) => [s.name, s.status, s.reason ?? s.failure?.message])).toEqual([]);
  expect(report.steps.map((s) => s.name)).toContain("GetUserById [deleted user → 404]");
  expect(report.leftovers).toEqual([]);
});
