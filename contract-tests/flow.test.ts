// The whole flow against the mock: every step passes, every response is checked, nothing is left behind.
import { expect, it, onTestFinished } from "vitest";
import { startProxy } from "./broken-proxy.js";
import type { Exchange } from "./exchange.js";
import { FLOW } from "./flow.js";
import { launchMock } from "./launch-mock.js";
import { runContract } from "./runner.js";

it("passes every step of the flow against the mock, in the guide's order", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const exchanges: Exchange[] = [];
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, onExchange: (e) => exchanges.push(e) });
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(report.steps.map((s) => s.name)).toEqual([
    ...FLOW.map((s) => s.name),
    "DeleteWebhookById",
    "DeleteResourceById",
    "DeleteLocation",
    "DeleteUserById",
    "GetUserById [deleted user → 404]",
  ]);
  // The flow plus its five clean-up steps, whatever the flow holds.
  expect({ passed: report.passed, failed: report.failed, skipped: report.skipped }).toEqual({ passed: FLOW.length + 5, failed: 0, skipped: 0 });
  // Every id the suite chose is recognisable and unique to the run.
  const created = exchanges.filter((e) => e.request.method === "POST" && e.response?.status === 201 && e.operationId !== "PostWebhook");
  for (const e of created) expect(Object.values(JSON.parse(e.request.body!) as Record<string, unknown>)[0]).toMatch(/^ect-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

it("skips the isolation checks, saying why, without a second client", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const report = await runContract({ target: mock, client: mock.client });
  expect(report.steps.filter((s) => s.status === "skipped").map((s) => [s.name, s.reason])).toEqual([
    ["RequestToken [second client]", "no second client (--client2-id, --client2-secret)"],
    ["GetUserById [second client → 404]", "no second client (--client2-id, --client2-secret)"],
    ["GetLocationByLocationId [second client → 404]", "no second client (--client2-id, --client2-secret)"],
    ["GetResourceById [second client → 404]", "no second client (--client2-id, --client2-secret)"],
    ["GetWebhookById [second client → 404]", "no second client (--client2-id, --client2-secret)"],
    ["GetUsers [second client lists none of them]", "no second client (--client2-id, --client2-secret)"],
    ["GetAllEvents [second client lists none of them]", "no second client (--client2-id, --client2-secret)"],
  ]);
  expect(report.failed).toBe(0);
});

it("only reads under --read-only", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const methods: string[] = [];
  const report = await runContract({ target: mock, client: mock.client, second: mock.second, readOnly: true, onExchange: (e) => methods.push(`${e.request.method} ${e.operationId}`) });
  expect(report.steps.map((s) => [s.name, s.status])).toEqual([
    ["RequestToken", "passed"],
    ["GetUsers", "passed"],
    ["GetWebhooks", "passed"],
    ["GetAllEvents", "passed"],
    ["GetUsers [no token → 401]", "passed"],
    ["GetUserById [unknown user → 404]", "passed"],
    ["RequestToken [second client]", "passed"],
  ]);
  expect(new Set(methods)).toEqual(new Set(["POST RequestToken", "GET GetUsers", "GET GetWebhooks", "GET GetAllEvents", "GET GetUserById"]));
});

it("skips the event steps as not offered when the target has no simulation", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const proxy = await startProxy(mock.origin, {
    response: (req, res) => (req.url.includes("/simulation/") ? { status: 404, headers: {}, body: "" } : res),
  });
  onTestFinished(() => proxy.close());
  const report = await runContract({ target: { baseUrl: `${proxy.origin}/energy-coordination/v1`, tokenUrl: mock.tokenUrl }, client: mock.client });
  expect(report.steps.filter((s) => s.reason === "not offered").map((s) => s.name)).toEqual(["PostPriceCurveSimulation", "GetEventById", "PostReport"]);
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
    ["PostUser", "passed"],
    ["PostVehicle", "passed"],
    ["DeleteResourceById", "passed"],
    ["DeleteUserById", "passed"],
    ["GetUserById [deleted user → 404]", "passed"],
  ]);
  expect(new Set(report.steps.filter((s) => s.status === "skipped").map((s) => s.reason))).toEqual(new Set(["interrupted"]));
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
  expect(report.steps.filter((s) => s.status !== "passed").map((s) => [s.name, s.status, s.reason])).toEqual([["GetUsers", "skipped", "the mock injected a fault (X-Mock-Fault: error, 503); not judged"]]);
  expect(report.failed).toBe(0);
});
