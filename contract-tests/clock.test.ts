// The flow on a moved clock and again after a reset, through the mock's control methods: the suite's checks hold
// at the end of a year (Oslo time) as well as now, and a mock stays usable after a reset.
import { expect, it, onTestFinished } from "vitest";
import { FLOW } from "./flow.js";
import { launchMock } from "./launch-mock.js";
import { runContract } from "./runner.js";

it("passes every step with both clients' clocks frozen a minute before the new year, Oslo time", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  for (const client of [mock.client, mock.second]) mock.clock.set("2027-12-31T22:59:00Z", { frozen: true, clientId: client.id });
  const report = await runContract({ target: mock, client: mock.client, second: mock.second });
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(report.passed).toBe(FLOW.length + 5);
});

it("passes again on the same mock after a reset", async () => {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  expect((await runContract({ target: mock, client: mock.client, second: mock.second })).failed).toBe(0);
  await mock.reset();
  const report = await runContract({ target: mock, client: mock.client, second: mock.second });
  expect({ passed: report.passed, failed: report.failed }).toEqual({ passed: FLOW.length + 5, failed: 0 });
});
