// Proof that the suite catches broken deployments: the suite runs behind the proxy once per defect of the bank
// (defects.ts: every operation, every kind of defect) and must fail, with a failure that names the broken operation
// and says what differed; through the proxy with nothing broken the whole suite passes. Each defect is looked for in
// the steps that name its operation first, then in the whole suite.
import { expect, it } from "vitest";
import { startProxy, type Breakage } from "./broken-proxy.js";
import { DEFECTS, type Defect } from "./defects.js";
import { FLOW } from "./flow.js";
import { launchMock } from "./launch-mock.js";
import { runContract, type Report, type StepResult } from "./runner.js";

const API = "/energy-coordination/v1";
/** A full run per defect is seconds of work; a few run side by side. */
const RUN_MS = 120_000;

/**
 * The steps a defect of `operationId` is looked for in first: every step that names the operation (its own, and the
 * read-backs of other steps that call it) with the steps they need, about 10 of the flow's 211. A partner's full run
 * holds all of them, so a defect this plan fails on fails the full run too. A defect only other steps see (an
 * isolation check, a page walk, a delivery) is looked for by the full run.
 */
const focusOn = (operationId: string) => FLOW.filter((s) => s.name.includes(operationId)).map((s) => s.name);


async function runBehind(breakage: Breakage, only?: string[]): Promise<Report> {
  const mock = await launchMock();
  try {
    const proxy = await startProxy(mock.origin, breakage);
    try {
      return await runContract({
        target: { baseUrl: `${proxy.origin}${API}`, tokenUrl: `${proxy.origin}/connect/token` },
        client: mock.client,
        second: mock.second,
        validators: mock.validators,
        ...(only && { only }),
        // Deliveries to the suite's receiver arrive in milliseconds; a defect that loses them need not be waited on for 10 s.
        timeoutMs: 4_000,
      });
    } finally {
      await proxy.close();
    }
  } finally {
    await mock.close();
  }
}

/** Whether a failure points at the operation: by the step's name, its message, or the request that showed it. */
const names = (step: StepResult, operationId: string) =>
  step.name.startsWith(operationId) || (step.failure?.message ?? "").includes(operationId) || step.failure?.exchange?.operationId === operationId;

/** What differed: a field, header or status named by an issue, or a message that says what was expected. */
const saysWhat = (step: StepResult) => (step.failure?.issues.length ?? 0) > 0 || /expected|differs|lacks|holds|repeats|skipped|carries|not |no /.test(step.failure?.message ?? "");

/** The failures that name the defect's operation and say what differed. */
const pointingAt = (report: Report, operationId: string) => report.steps.filter((s) => s.status === "failed" && names(s, operationId) && saysWhat(s));

/** The focused run when a failure of it points at the operation, else the full one. */
async function runFor(defect: Defect): Promise<Report> {
  const focused = await runBehind(defect.breakage, focusOn(defect.operationId));
  return pointingAt(focused, defect.operationId).length > 0 ? focused : runBehind(defect.breakage);
}

const cases = DEFECTS.map((defect: Defect) => ({ label: `${defect.kind}: ${defect.name}`, defect }));

it.concurrent.each(cases)("fails on a deployment where $label", async ({ defect }) => {
  const report = await runFor(defect);
  const failed = report.steps.filter((s) => s.status === "failed");
  expect(failed.length, `the suite passed against a deployment where ${defect.name}`).toBeGreaterThan(0);
  // A failure of the suite itself is never what catches a defect.
  expect(failed.filter((s) => s.failure?.message.startsWith("internal error"))).toEqual([]);
  const pointing = pointingAt(report, defect.operationId);
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
