// The benchmark's verdicts cannot pass on a measurement of nothing: a load that sent no request, or a contract run
// that passed no step, is invalid rather than fast.
import { expect, it } from "vitest";
import { checks, formatChecks, summarize, summarizeContract } from "./report.js";
import type { Sample } from "./run.js";

const sample = (requests: number, mismatches = 0): Sample => ({ rate: requests / 5, p50Ms: 1, p99Ms: 2, requests, errors: 0, non2xx: 0, mismatches, peakRssBytes: 1, cpuUsPerUnit: 50, startupMs: 100, restRssBytes: 1 });
const row = (samples: Sample[]) => ({ id: "get-user", title: "GET /users/{id}", server: "mock" as const, unit: "req" as const, preloaded: false, samples });

it("marks a load invalid when it sent no request, had a mismatch, or has no sample", () => {
  expect(summarize([row([sample(5000)])])[0]!.valid).toBe(true);
  expect(summarize([row([sample(0)])])[0]!.valid).toBe(false);
  expect(summarize([row([sample(5000, 1)])])[0]!.valid).toBe(false);
  expect(summarize([row([])])[0]!.valid).toBe(false);
});

it("marks a contract run invalid when no step passed, even if it exited 0", () => {
  expect(summarizeContract([{ wallMs: 400, passed: 0, failed: 0, ok: true }])!.valid).toBe(false);
  expect(summarizeContract([{ wallMs: 900, passed: 80, failed: 0, ok: true }])).toEqual({ repetitions: 1, wallMs: 900, valid: true, passed: 80 });
  expect(summarizeContract([{ wallMs: 900, passed: 80, failed: 1, ok: false }])!.valid).toBe(false);
});

it("shows a page's rate ceiling and CPU ratio beside its target, as figures that never fail the run", () => {
  const page = (server: "mock" | "express" | "node", requests: number, cpuUs: number) => ({ ...row([{ ...sample(requests), cpuUsPerUnit: cpuUs }]), id: "events", title: "GET /events", server });
  const list = checks(summarize([page("mock", 5000, 60), page("express", 4500, 120), page("node", 4950, 50)]));
  const events = list.filter((c) => c.name.includes("GET /events page of 100"));
  expect(events.map((c) => [c.name, c.value === undefined ? undefined : +c.value.toFixed(3), c.pass])).toEqual([
    ["GET /events page of 100: mock / bare Express (same bytes)", 1.111, false],
    ["GET /events page of 100: raw node:http / bare Express (the rate's ceiling here)", 1.1, undefined],
    ["GET /events page of 100: bare Express / mock, CPU per page", 2, undefined],
    ["p99 of the mock, GET /events page of 100", 2, true],
  ]);
  expect(formatChecks(events).split("\n").map((l) => l.replace(/-{2,}/g, "-").replace(/ +/g, " "))).toEqual([
    "figure value target",
    "- - - -",
    "GET /events page of 100: mock / bare Express (same bytes) 1.11 >= 1.5 MISSED",
    "GET /events page of 100: raw node:http / bare Express (the rate's ceiling here) 1.10 - (no target)",
    "GET /events page of 100: bare Express / mock, CPU per page 2.00 - (no target)",
    "p99 of the mock, GET /events page of 100 2.00 <= 60 ms met",
  ]);
});
