// A run's report for people (a failure as the lines needed to send it again), for CI (JUnit XML: one test case per
// operation exercised, plus the clean-up) and for tools (JSON).
import { xmlEscape } from "../contract-tests/junit.js";
import { CHECKS } from "./properties.js";
import type { FuzzFailure, FuzzReport } from "./runner.js";

/** A failure as the lines a person needs: which check, what was sent, how to send it again. */
export function describeFailure(f: FuzzFailure): string {
  const more = f.similar > 0 ? ` (and ${f.similar} similar)` : "";
  return [
    `✗ [${f.check}] ${f.operationId}: ${f.label}: ${f.message}${more}`,
    ...(f.before && f.before.length > 0 ? [`  after: ${f.before.join(", ")}`] : []),
    `  ${f.shrunk ? "minimal request" : "request"}: ${f.curl}`,
    `  answer: ${f.status} ${f.answer.replace(/\s+/g, " ").slice(0, 300)}`,
    `  seed: ${f.seed} (--seed ${f.seed} sends the same requests)`,
  ].join("\n");
}

/** The counts, one per line. */
export function formatSummary(r: FuzzReport): string {
  const statuses = [...r.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(" ");
  const rate = r.sendingSeconds > 0 ? Math.round(r.requests / r.sendingSeconds) : 0;
  return [
    `seed ${r.seed}: ${r.requests} requests (${r.valid} valid, ${r.invalid} invalid; ${r.sequences} stateful sequences) in ${r.sendingSeconds.toFixed(1)} s, ${rate} requests/s with checks`,
    `statuses: ${statuses}`,
    `operations covered: ${[...r.byOperation.keys()].filter((k) => k !== "(none)").length}`,
    `clean-up: ${r.cleanup.deleted} objects deleted${r.cleanup.failed.length > 0 ? `, ${r.cleanup.failed.length} not: ${r.cleanup.failed.slice(0, 3).join("; ")}` : ""}`,
    `failures found: ${r.failureCount}${r.failureCount > r.failures.length ? ` (${r.failures.length} distinct)` : ""}${r.interrupted ? " (interrupted)" : ""}`,
  ].join("\n");
}

/** JUnit XML: a test case per operation exercised (failing with its findings) and one for the clean-up. */
export function toJUnit(r: FuzzReport): string {
  const attrs = (pairs: Record<string, string | number>) =>
    Object.entries(pairs)
      .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
      .join("");
  const names = [...new Set([...r.byOperation.keys(), ...r.failures.map((f) => f.operationId)])].sort();
  const failuresOf = (name: string) => r.failures.filter((f) => f.operationId === name);
  const failed = names.filter((n) => failuresOf(n).length > 0).length + (r.cleanup.failed.length > 0 ? 1 : 0);
  const counts = { tests: names.length + 1, failures: failed, errors: 0, skipped: 0, time: r.seconds.toFixed(3) };
  const lines = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites${attrs({ name: "fuzz", ...counts })}>`, `  <testsuite${attrs({ name: "fuzz", ...counts })}>`, `    <properties>`];
  lines.push(`      <property${attrs({ name: "baseUrl", value: r.target })}/>`, `      <property${attrs({ name: "seed", value: r.seed })}/>`, `    </properties>`);
  for (const name of names) {
    const open = `    <testcase${attrs({ name: `${name} (${r.byOperation.get(name) ?? 0} requests)`, classname: `fuzz.${name}` })}`;
    const list = failuresOf(name);
    if (list.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, `      <failure${attrs({ message: list.map((f) => `[${f.check}] ${CHECKS[f.check]}: ${f.message}`).join(" | ").slice(0, 1000), type: list[0]!.check })}>${xmlEscape(list.map(describeFailure).join("\n\n"))}</failure>`, `    </testcase>`);
  }
  const cleanup = `    <testcase${attrs({ name: `clean-up (${r.cleanup.deleted} deleted)`, classname: "fuzz.cleanup" })}`;
  if (r.cleanup.failed.length === 0) lines.push(`${cleanup}/>`);
  else lines.push(`${cleanup}>`, `      <failure${attrs({ message: `${r.cleanup.failed.length} objects not deleted`, type: "cleanup" })}>${xmlEscape(r.cleanup.failed.join("\n"))}</failure>`, `    </testcase>`);
  lines.push(`  </testsuite>`, `</testsuites>`, "");
  return lines.join("\n");
}

/** The report as JSON (maps as objects). */
export function toJson(r: FuzzReport): string {
  return `${JSON.stringify({ ...r, byOperation: Object.fromEntries(r.byOperation), byStatus: Object.fromEntries(r.byStatus) }, null, 2)}\n`;
}
