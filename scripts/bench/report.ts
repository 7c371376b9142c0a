// Turns the samples into what is read: medians per load and server, the ratios the issue sets targets for,
// a plain-text table and the same as JSON.
import type { ContractRun } from "./contract.js";
import type { MemoryPoint, RetentionRun, RetentionSizes } from "./retention.js";
import { SERVER_LABELS, type ServerKind } from "./servers.js";
import type { Row } from "./run.js";

export interface Summary {
  id: string;
  title: string;
  server: ServerKind;
  unit: "req/s" | "flows/s";
  repetitions: number;
  /** Medians over the repetitions. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** RSS after start-up (and any preload), before the load; for a server that ran several loads, before the first. */
  restRssMb: number;
  peakRssMb: number;
  /** The server's CPU time per request (or flow), µs: a loaded machine slows a server but barely changes this. */
  cpuUs: number;
  startupMs: number;
  startupIncludesPreload: boolean;
  /** Sums over the repetitions. */
  requests: number;
  errors: number;
  non2xx: number;
  mismatches: number;
  /** False when any response had another status than expected, or a request failed. */
  valid: boolean;
}

export interface Check {
  name: string;
  value: number | undefined;
  /** e.g. `>= 0.85` */
  target: string;
  pass: boolean | undefined;
  /** A figure shown to read the others by, with no target of its own (never fails the run). */
  info?: true;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function summarize(rows: Row[]): Summary[] {
  return rows.map((row) => {
    const s = row.samples;
    const errors = sum(s.map((x) => x.errors));
    const mismatches = sum(s.map((x) => x.mismatches));
    const requests = sum(s.map((x) => x.requests));
    return {
      id: row.id,
      title: row.title,
      server: row.server,
      unit: row.unit === "flow" ? "flows/s" : "req/s",
      repetitions: s.length,
      rate: median(s.map((x) => x.rate)),
      p50Ms: median(s.map((x) => x.p50Ms)),
      p99Ms: median(s.map((x) => x.p99Ms)),
      restRssMb: median(s.map((x) => x.restRssBytes)) / 2 ** 20,
      peakRssMb: median(s.map((x) => x.peakRssBytes)) / 2 ** 20,
      cpuUs: median(s.map((x) => x.cpuUsPerUnit)),
      startupMs: median(s.map((x) => x.startupMs)),
      startupIncludesPreload: row.preloaded,
      requests,
      errors,
      non2xx: sum(s.map((x) => x.non2xx)),
      mismatches,
      // A load that sent nothing measured nothing: its rate is not a figure.
      valid: errors === 0 && mismatches === 0 && requests > 0 && s.length > 0,
    };
  });
}

export interface ContractSummary {
  repetitions: number;
  /** Median wall time of `npm run contract` against a local mock. */
  wallMs: number;
  /** Every run exited 0, with steps passed and none failed. */
  valid: boolean;
  passed: number;
}

export function summarizeContract(runs: ContractRun[]): ContractSummary | undefined {
  if (runs.length === 0) return undefined;
  return {
    repetitions: runs.length,
    wallMs: median(runs.map((r) => r.wallMs)),
    valid: runs.every((r) => r.ok && r.failed === 0 && r.passed > 0),
    passed: Math.min(...runs.map((r) => r.passed)),
  };
}

export interface RetentionSummary {
  repetitions: number;
  sizes: RetentionSizes;
  /** Medians per point of the repetitions' memory curves (RSS and heap after a full GC). */
  curve: MemoryPoint[];
  /** RSS after GC at the end / at the cap. */
  growthAfterCap: number;
  simulationRate: number;
  aloneRate: number;
  duringBurstRate: number;
  /** During the burst / alone. */
  burstRatio: number;
  failures: number;
  valid: boolean;
}

export function summarizeRetention(runs: RetentionRun[]): RetentionSummary | undefined {
  const first = runs[0];
  if (!first) return undefined;
  const curve = first.curve.map((p, i) => ({
    events: p.events,
    rssMb: median(runs.map((r) => r.curve[i]?.rssMb ?? Number.NaN)),
    heapMb: median(runs.map((r) => r.curve[i]?.heapMb ?? Number.NaN)),
  }));
  const atCap = curve.find((p) => p.events >= first.sizes.cap) ?? curve[curve.length - 1];
  const end = curve[curve.length - 1];
  const failures = sum(runs.map((r) => r.failures));
  return {
    repetitions: runs.length,
    sizes: first.sizes,
    curve,
    growthAfterCap: atCap && end ? end.rssMb / atCap.rssMb : Number.NaN,
    simulationRate: median(runs.map((r) => r.simulationRate)),
    aloneRate: median(runs.map((r) => r.aloneRate)),
    duringBurstRate: median(runs.map((r) => r.duringBurstRate)),
    burstRatio: median(runs.map((r) => r.duringBurstRate / r.aloneRate)),
    failures,
    valid: failures === 0,
  };
}

export function formatRetention(r: RetentionSummary | undefined): string {
  if (!r) return "";
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = r.curve.map((p) => [n(p.events), fmt(p.rssMb), fmt(p.heapMb)]);
  return [
    `Retention: one client simulates ${n(r.sizes.events)} price curves (${fmt(r.simulationRate)}/s, 10 connections); the mock keeps the newest ${n(r.sizes.cap)}. Memory after a full GC, median of ${r.repetitions}:`,
    columns(["events simulated", "RSS MB", "heap MB"], lines, [true, true, true]),
    `Another client's GET /users/{id} (10 connections): ${fmt(r.aloneRate)} req/s alone, ${fmt(r.duringBurstRate)} req/s during a burst of ${n(r.sizes.burst)} simulations (50 connections).` +
      (r.valid ? "" : ` INVALID: ${r.failures} requests failed or had an unexpected status.`),
  ].join("\n");
}

/** The figures issues 7, 15 and 30 ask for; a check whose loads did not run has no value. */
export function checks(summaries: Summary[], contract?: ContractSummary, retention?: RetentionSummary): Check[] {
  const find = (id: string, server: ServerKind) => summaries.find((s) => s.id === id && s.server === server);
  const rate = (id: string, server: ServerKind) => find(id, server)?.rate;
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
  const atLeast = (name: string, value: number | undefined, min: number, unit = ""): Check => ({ name, value, target: `>= ${min}${unit}`, pass: value === undefined ? undefined : value >= min });
  const atMost = (name: string, value: number | undefined, max: number, unit = ""): Check => ({ name, value, target: `<= ${max}${unit}`, pass: value === undefined ? undefined : value <= max });
  // What the rate ratio of a page can show at all: raw node:http sending the same bytes is the most any server can
  // answer here, and when it is barely ahead of Express the load generator, reading the pages, bounds every rate.
  // The servers' own CPU per page says what each would answer with a core to itself.
  const cpu = (id: string, server: ServerKind) => find(id, server)?.cpuUs;
  const info = (name: string, value: number | undefined): Check => ({ name, value, target: "info", pass: undefined, info: true });
  const ceiling = (id: string, title: string): Check[] => [
    info(`${title}: raw node:http / bare Express (the rate's ceiling here)`, ratio(rate(id, "node"), rate(id, "express"))),
    info(`${title}: bare Express / mock, CPU per page`, ratio(cpu(id, "express"), cpu(id, "mock"))),
  ];
  const emptyMock = summaries.filter((s) => s.server === "mock" && !s.startupIncludesPreload);
  const mockP99 = ["get-user", "post-user"].map((id) => find(id, "mock")?.p99Ms).filter((v) => v !== undefined);
  return [
    atLeast("GET /users/{id}: mock / bare Express", ratio(rate("get-user", "mock"), rate("get-user", "express")), 2),
    atLeast("GET /users/{id}: mock / raw node:http (same bytes)", ratio(rate("get-user", "mock"), rate("get-user", "node")), 0.25),
    atLeast("GET /users/{id}: mock logging on / off", ratio(rate("get-user", "mock-log"), rate("get-user", "mock")), 0.95),
    atLeast("GET /users/{id}: mock / Prism (logging off)", ratio(rate("get-user", "mock"), rate("get-user", "prism-quiet")), 1.5),
    atLeast("GET /users/{id}: mock / Prism (default)", ratio(rate("get-user", "mock"), rate("get-user", "prism")), 3),
    atLeast("POST /users: mock / bare Express", ratio(rate("post-user", "mock"), rate("post-user", "express")), 1.5),
    atLeast("POST /users: mock / Prism (logging off)", ratio(rate("post-user", "mock"), rate("post-user", "prism-quiet")), 1.5),
    atMost("p99 of the mock, GET and POST /users (50 connections)", mockP99.length ? Math.max(...mockP99) : undefined, 10, " ms"),
    atLeast("the partner flow on the mock", find("flow", "mock")?.rate, 1500, " flows/s"),
    atMost("mock start-up to first API 200 (empty store, installed bin)", emptyMock.length ? median(emptyMock.map((s) => s.startupMs)) : undefined, 200, " ms"),
    atMost("mock RSS at rest (empty store)", emptyMock.length ? median(emptyMock.map((s) => s.restRssMb)) : undefined, 70, " MB"),
    atMost("mock RSS at rest with the scale preload", find("scale-get-user", "mock")?.restRssMb, 220, " MB"),
    atMost("mock peak RSS under load, scale preload", find("scale-get-user", "mock")?.peakRssMb, 250, " MB"),
    atLeast("GET /users/{id}: scale store / empty store", ratio(rate("scale-get-user", "mock"), rate("get-user", "mock")), 0.8),
    atMost("GET /users: cost of the last page / page 1", ratio(rate("scale-users-page-1", "mock"), rate("scale-users-page-last", "mock")), 2),
    atLeast("GET /events page of 100: mock / bare Express (same bytes)", ratio(rate("events", "mock"), rate("events", "express")), 1.5),
    ...ceiling("events", "GET /events page of 100"),
    atMost("p99 of the mock, GET /events page of 100", find("events", "mock")?.p99Ms, 60, " ms"),
    atLeast("GET /webhooks/logs page of 100: mock / bare Express (same bytes)", ratio(rate("webhook-logs", "mock"), rate("webhook-logs", "express")), 1.5),
    ...ceiling("webhook-logs", "GET /webhooks/logs page of 100"),
    atMost("p99 of the mock, GET /webhooks/logs page of 100", find("webhook-logs", "mock")?.p99Ms, 60, " ms"),
    atMost("contract suite, full flow against a local mock", contract?.valid ? contract.wallMs : undefined, 2000, " ms"),
    atMost("RSS after GC: end of the simulations / at the cap", retention?.valid ? retention.growthAfterCap : undefined, 1.2),
    atLeast("another client's GET /users/{id}: during a burst / alone", retention?.valid ? retention.burstRatio : undefined, 0.5),
  ];
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "-");

function columns(header: string[], lines: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [render(header), render(widths.map((w) => "-".repeat(w))), ...lines.map(render)].join("\n");
}

export function formatContract(c: ContractSummary | undefined): string {
  if (!c) return "";
  const verdict = c.valid ? `${c.passed} steps passed` : "FAILED (run npm run contract to see why)";
  return `Contract suite (npm run contract, starting its own mock): ${fmt(c.wallMs)} ms wall, median of ${c.repetitions}; ${verdict}`;
}

export function formatTable(summaries: Summary[]): string {
  const header = ["load", "server", "rate", "unit", "CPU µs each", "p50 ms", "p99 ms", "errors", "non-2xx", "wrong status", "rest RSS MB", "peak RSS MB", "start-up ms", "valid"];
  const right = [false, false, true, false, true, true, true, true, true, true, true, true, true, false];
  const lines = summaries.map((s) => [
    s.title,
    SERVER_LABELS[s.server],
    fmt(s.rate),
    s.unit,
    fmt(s.cpuUs),
    fmt(s.p50Ms),
    fmt(s.p99Ms),
    fmt(s.errors),
    fmt(s.non2xx),
    fmt(s.mismatches),
    fmt(s.restRssMb),
    fmt(s.peakRssMb),
    fmt(s.startupMs) + (s.startupIncludesPreload ? "*" : ""),
    s.valid ? "yes" : "INVALID",
  ]);
  const notes = [
    "Medians of the repetitions; errors, non-2xx and wrong statuses are summed over them (warm-up included).",
    "Start-up: spawn to the first 200 (the mock: of GET /users, after getting a token). Rest RSS: right after it,",
    "before any load (loads that share a server: before the first); peak RSS: the highest sampled during the load.",
    "CPU µs each: the server's CPU time (user + system) per request or flow of the measured run; on a loaded machine",
    "the rates fall but this barely moves, so compare servers by it when the load average is high.",
  ];
  if (summaries.some((s) => s.startupIncludesPreload)) notes.push("* start-up includes loading the preloaded store.");
  if (summaries.some((s) => s.server === "prism" || s.server === "prism-quiet")) {
    notes.push("Prism keeps no state: it is measured on GET /users/{id} and POST /users only (it answers the spec's example).");
  }
  return [columns(header, lines, right), ...notes].join("\n");
}

export function formatChecks(list: Check[]): string {
  const shown = list.filter((c) => c.value !== undefined);
  if (shown.length === 0) return "";
  const lines = shown.map((c) => [c.name, fmt(c.value!, 2), c.info ? "-" : c.target, c.info ? "(no target)" : c.pass ? "met" : "MISSED"]);
  return columns(["figure", "value", "target", ""], lines, [false, true, false, false]);
}
