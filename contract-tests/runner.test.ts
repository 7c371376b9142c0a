import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import { ContractError } from "./errors.js";
import { FLOW } from "./flow.js";
import { planSteps, runContract } from "./runner.js";

/** A stub target that never answers, or refuses the token: enough to see how the runner reports. */
async function stub(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const client = { id: "partner-demo", secret: "partner-demo-secret" };
const names = (steps: readonly { name: string }[]) => steps.map((s) => s.name);

it("orders every step after the steps it needs", () => {
  FLOW.forEach((step, i) => {
    for (const need of step.needs) expect(names(FLOW.slice(0, i)), `${step.name} needs ${need}`).toContain(need);
  });
  expect(new Set(names(FLOW)).size).toBe(FLOW.length);
});

it("plans a chosen step with the steps it needs", () => {
  expect(names(planSteps({ only: ["GetLocationBoundResources"] }))).toEqual([
    "RequestToken",
    "PostUser",
    "PostLocation",
    "PostLocationBoundResource",
    "GetLocationBoundResources",
    "GetLocationBoundResources [an unknown location → 404]",
    "GetLocationBoundResources [a garbage token → 401]",
    "RequestToken [second client]",
    "GetLocationBoundResources [second client → 404]",
  ]);
  expect(names(planSteps({ only: ["postlocation"] }))).toEqual([
    "RequestToken",
    "PostUser",
    "PostLocation",
    "PostLocationBoundResource",
    "PostWebhook",
    "PostLocation [duplicate → 409]",
    "PostLocation [invalid enum → 400]",
    "PostLocation [an unknown user → 404]",
    "PostLocation [a garbage token → 401]",
    "PostLocation [a body over 1 MiB → 413]",
    "PostLocation [a text/plain body → 415]",
    "RequestToken [second client]",
    "PostLocation [second client → 404]",
  ]);
});

it("plans only safe reads for --read-only", () => {
  expect(names(planSteps({ readOnly: true }))).toEqual([
    "RequestToken",
    "GetEligibleUsers",
    "GetUsers",
    "GetWebhooks",
    "GetAllEvents",
    "GetWebhookNotificationLogs",
    "GetWebhookNotificationLogById",
    "GetUsers [no token → 401]",
    "GetUserById [unknown user → 404]",
    "GetAllEvents [a garbage token → 401]",
    "GetEventById [a garbage token → 401]",
    "GetResourceById [a garbage token → 401]",
    "GetUsers [a garbage token → 401]",
    "GetUserById [a garbage token → 401]",
    "GetLocationsByUserId [a garbage token → 401]",
    "GetLocationByLocationId [a garbage token → 401]",
    "GetResourcesForUser [a garbage token → 401]",
    "GetLocationBoundResources [a garbage token → 401]",
    "GetUserEnrollmentByUserId [a garbage token → 401]",
    "GetUserEligibilityByUserId [a garbage token → 401]",
    "GetEligibleUsers [a garbage token → 401]",
    "FetchUserCompensation [a garbage token → 401]",
    "GetMpidEligibility [a garbage token → 401]",
    "GetWebhooks [a garbage token → 401]",
    "GetWebhookById [a garbage token → 401]",
    "GetWebhookNotificationLogs [a garbage token → 401]",
    "GetWebhookNotificationLogById [a garbage token → 401]",
    "RequestToken [second client]",
    "GetWebhookNotificationLogById [second client → 404]",
    "GetWebhookNotificationLogs [second client lists none of them]",
  ]);
});

it("refuses an unknown step and a write under --read-only", () => {
  expect(() => planSteps({ only: ["PostUsr"] })).toThrow(ContractError);
  expect(() => planSteps({ only: ["PostUsr"] })).toThrow(/--only: unknown step "PostUsr"; steps are operationIds such as RequestToken, PostUser/);
  expect(() => planSteps({ only: ["PostUser"], readOnly: true })).toThrow("--read-only: PostUser writes or needs a write; drop --read-only or choose a read such as GetUsers");
});

it("keeps the safe checks of a chosen operation under --read-only", () => {
  expect(names(planSteps({ only: ["GetUserById"], readOnly: true }))).toEqual(["RequestToken", "GetUserById [unknown user → 404]", "GetUserById [a garbage token → 401]"]);
});

it("fails a step whose request times out, naming the timeout, and skips what needs it with the root cause", async () => {
  const origin = await stub(() => {
    /* never answers */
  });
  const report = await runContract({ target: { baseUrl: `${origin}/api`, tokenUrl: `${origin}/connect/token` }, client, only: ["GetLocationsByUserId"], timeoutMs: 100 });
  expect(report.steps.map(({ name, status, reason, failure }) => ({ name, status, reason, message: failure?.message }))).toEqual([
    { name: "RequestToken", status: "failed", reason: undefined, message: "timed out after 100 ms" },
    ...["PostUser", "PostUsers", "PostLocation", "PostLocations", "GetLocationsByUserId", "GetLocationsByUserId [every location of the batch]", "GetLocationsByUserId [an unknown user → 404]"].map((name) => ({
      name,
      status: "skipped",
      reason: "needs RequestToken, which failed",
      message: undefined,
    })),
    // A check that needs no token of its own still runs, and times out the same way.
    { name: "GetLocationsByUserId [a garbage token → 401]", status: "failed", reason: undefined, message: "timed out after 100 ms" },
    { name: "RequestToken [second client]", status: "skipped", reason: "no second client (--client2-id, --client2-secret)", message: undefined },
    { name: "GetLocationsByUserId [second client → 404]", status: "skipped", reason: "no second client (--client2-id, --client2-secret)", message: undefined },
  ]);
  expect(report.steps[0]!.failure!.curl).toBe(
    `curl -X POST '${origin}/connect/token' -H 'Content-Type: application/x-www-form-urlencoded' --data-urlencode 'grant_type=client_credentials' --data-urlencode 'client_id=partner-demo' --data-urlencode "client_secret=$CLIENT_SECRET"`,
  );
  expect({ passed: report.passed, failed: report.failed, skipped: report.skipped }).toEqual({ passed: 0, failed: 2, skipped: 9 });
});

it("fails a response the spec does not declare, naming the status", async () => {
  const origin = await stub((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: "t", token_type: "Bearer" }));
  });
  const report = await runContract({ target: { baseUrl: `${origin}/api`, tokenUrl: `${origin}/connect/token` }, client, only: ["RequestToken"] });
  expect(report.steps[0]!.failure).toEqual({
    message: "the 200 response does not match the spec",
    issues: [
      { field: "body.expires_in", pointer: "/expires_in", message: "is required" },
      { field: "header.Cache-Control", pointer: "/", message: "must be no-store on a token response (RFC 6749 §5.1), got null" },
    ],
    exchange: expect.objectContaining({ operationId: "RequestToken" }),
    curl: expect.stringContaining("curl -X POST"),
  });
});

it("reports a refused connection", async () => {
  // A port that was free a moment ago: nothing listens there now.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const closed = `http://127.0.0.1:${port}`;
  const report = await runContract({ target: { baseUrl: `${closed}/api`, tokenUrl: `${closed}/connect/token` }, client, only: ["RequestToken"], timeoutMs: 2000 });
  expect(report.steps[0]!.failure!.message).toMatch(/^no response: fetch failed \(ECONNREFUSED\)$/);
});

it("reports an answer the mock marks as an injected fault as such, not as a contract failure", async () => {
  const origin = await stub((_req, res) => {
    res.writeHead(503, { "content-type": "application/problem+json", "retry-after": "1", "x-mock-fault": "error" }).end(JSON.stringify({ title: "Service Unavailable", status: 503 }));
  });
  const report = await runContract({ target: { baseUrl: `${origin}/api`, tokenUrl: `${origin}/connect/token` }, client, only: ["PostUser"] });
  const injected = "the mock injected a fault (X-Mock-Fault: error, 503); not judged";
  // Every answer is an injected 503: every step (the token, PostUser and the checks it brings) is skipped as such.
  expect(report.steps.slice(0, 2).map((s) => s.name)).toEqual(["RequestToken", "PostUser"]);
  expect(report.steps.map(({ status, reason }) => ({ status, reason }))).toEqual(report.steps.map(() => ({ status: "skipped", reason: injected })));
  expect({ passed: report.passed, failed: report.failed, skipped: report.skipped }).toEqual({ passed: 0, failed: 0, skipped: report.steps.length });
});
