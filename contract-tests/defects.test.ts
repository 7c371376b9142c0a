// Proof that the suite catches broken deployments: the whole suite runs behind the proxy once per defect of the bank
// (defects.ts: every operation, every kind of defect) and must fail, with a failure that names the broken operation
// and says what differed; through the proxy with nothing broken it passes.
import { expect, it, onTestFinished } from "vitest";
import { startProxy, type Breakage } from "./broken-proxy.js";
import { DEFECTS, type Defect } from "./defects.js";
import { launchMock } from "./launch-mock.js";
import { runContract, type Report, type StepResult } from "./runner.js";

const API = "/energy-coordination/v1";
/** A full run per defect is seconds of work; a few run side by side. */
const RUN_MS = 120_000;

async function runBehind(breakage: Breakage): Promise<Report> {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const proxy = await startProxy(mock.origin, breakage);
  onTestFinished(() => proxy.close());
  return runContract({
    target: { baseUrl: `${proxy.origin}${API}`, tokenUrl: `${proxy.origin}/connect/token` },
    client: mock.client,
    second: mock.second,
    validators: mock.validators,
    // Deliveries to the suite's receiver arrive in milliseconds; a defect that loses them need not be waited on for 10 s.
    timeoutMs: 4_000,
  });
}

/** Whether a failure points at the operation: by the step's name, its message, or the request that showed it. */
const names = (step: StepResult, operationId: string) =>
  step.name.startsWith(operationId) || (step.failure?.message ?? "").includes(operationId) || step.failure?.exchange?.operationId === operationId;

/** What differed: a field, header or status named by an issue, or a message that says what was expected. */
const saysWhat = (step: StepResult) => (step.failure?.issues.length ?? 0) > 0 || /expected|differs|lacks|holds|repeats|skipped|carries|not |no /.test(step.failure?.message ?? "");

const cases = DEFECTS.map((defect: Defect) => ({ label: `${defect.kind}: ${defect.name}`, defect }));

it.concurrent.each(cases)("fails on a deployment where $label", async ({ defect }) => {
  const report = await runBehind(defect.breakage);
  const failed = report.steps.filter((s) => s.status === "failed");
  expect(failed.length, `the suite passed against a deployment where ${defect.name}`).toBeGreaterThan(0);
  // A failure of the suite itself is never what catches a defect.
  expect(failed.filter((s) => s.failure?.message.startsWith("internal error"))).toEqual([]);
  const pointing = failed.filter((s) => names(s, defect.operationId) && saysWhat(s));
  expect(pointing.map((s) => s.name), `no failure names ${defect.operationId} and what differed: ${failed.map((s) => `${s.name}: ${s.failure?.message}`).join(" | ")}`).not.toEqual([]);
}, RUN_MS);

it("passes through the proxy when nothing is broken", async () => {
  const report = await runBehind({});
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(report.coverage.operations.exercised).toBe(44);
}, RUN_MS);

it("holds at least 30 defects, over every operation and every kind", () => {
  expect(DEFECTS.length).toBeGreaterThanOrEqual(30);
  expect(new Set(DEFECTS.map((d) => d.operationId)).size).toBe(44);
  expect(new Set(DEFECTS.map((d) => d.kind))).toEqual(new Set(["shape", "stored", "page", "isolation", "standard", "status", "behaviour"]));
});
