// A deployment with a small allowance: the spec declares a reached quota (409 on PostWebhook, with "quota" in its
// description), so a sequence that meets it ends there instead of counting a defect.
import { expect, it, onTestFinished } from "vitest";
import { startMock } from "../mock/start.js";
import { describeFailure } from "./report.js";
import { runFuzz } from "./run.js";

const CLIENT = { id: "quota-partner", secret: "quota-partner-secret" };

it("treats a webhook quota the deployment reached as its allowance, not a defect, and still cleans up", async () => {
  const lines: string[] = [];
  const mock = await startMock({ clients: [CLIENT], quotas: { webhooks: 2 }, log: { format: "json", write: (line) => void lines.push(line) } });
  onTestFinished(() => mock.close());
  const report = await runFuzz({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, client: CLIENT, seed: 7, maxRequests: 1500, shrink: false });
  expect(report.failures.map(describeFailure)).toEqual([]);
  // The quota was met: some webhook registrations were refused with 409.
  const refused = lines.map((l) => JSON.parse(l) as { operationId?: string; status?: number }).filter((l) => l.operationId === "PostWebhook" && l.status === 409);
  expect(refused.length).toBeGreaterThan(0);
  expect(report.cleanup.failed).toEqual([]);
}, 120_000);
