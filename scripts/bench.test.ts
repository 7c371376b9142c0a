// A short run of `npm run bench` (no Prism, no contract suite, tiny stores, fractions of a second per load): it proves the harness
// works end to end and that every response had the status the scenario expects. Speed is not asserted here.
import { expect, it } from "vitest";
import { bench, failuresOf, parseOptions } from "./bench.js";
import { SCENARIO_NAMES } from "./bench/scenarios.js";

it("runs every scenario against the mock, bare Express and raw node:http with no unexpected status, and leaves no load out", { timeout: 120_000 }, async () => {
  const { options } = parseOptions(["--duration", "0.2", "--warmup", "0", "--connections", "4", "--repetitions", "1", "--only", "get-user,post-user,flow,events,scale,retention", "--servers", "mock,express,node", "--events", "20", "--scale-users", "300", "--retention-events", "300", "--retention-cap", "100", "--burst", "200", "--share-servers"]);
  const { report, text } = await bench(options);

  expect(report.results.map((r) => `${r.id} ${r.server}`)).toEqual([
    "get-user mock",
    "get-user express",
    "get-user node",
    "post-user mock",
    "post-user express",
    "post-user node",
    "flow mock",
    "events mock",
    "webhook-logs mock",
    "events express",
    "webhook-logs express",
    "events node",
    "webhook-logs node",
    "scale-get-user mock",
    "scale-users-page-1 mock",
    "scale-users-page-last mock",
  ]);
  for (const r of report.results) {
    expect({ id: r.id, server: r.server, valid: r.valid, mismatches: r.mismatches, errors: r.errors }).toEqual({ id: r.id, server: r.server, valid: true, mismatches: 0, errors: 0 });
    expect(r.requests).toBeGreaterThan(0);
  }
  expect(report.missing).toEqual([]);
  // Timing targets may be missed by so short a run; nothing else may fail it.
  expect(failuresOf(report).filter((f) => !f.includes("missed their target"))).toEqual([]);
  expect(failuresOf({ ...report, missing: ["flow on mock"] })).toContain("1 load(s) did not run: flow on mock");
  expect(report.retention?.curve.map((p) => p.events)).toEqual([0, 100, 150, 200, 250, 300]);
  expect({ valid: report.retention?.valid, failures: report.retention?.failures }).toEqual({ valid: true, failures: 0 });
  expect(text).toContain("wrong status");
  expect(text).toContain("GET /users/{id}: mock / bare Express");
  expect(text).toContain("GET /users/{id}: mock / raw node:http (same bytes)");
});

it("reads --write-doc", () => {
  expect(parseOptions(["--write-doc", "docs/benchmarks.md"]).writeDoc).toBe("docs/benchmarks.md");
  expect(parseOptions([]).writeDoc).toBeUndefined();
});

it("refuses an unknown scenario with one line naming the choices", () => {
  expect(() => parseOptions(["--only", "get-user,nope"])).toThrow(`--only: unknown nope; choose from ${SCENARIO_NAMES.join(", ")}`);
});
