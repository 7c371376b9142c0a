// The benchmark's verdicts cannot pass on a measurement of nothing: a load that sent no request, or a contract run
// that passed no step, is invalid rather than fast.
import { expect, it } from "vitest";
import { summarize, summarizeContract } from "./report.js";
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
