// The report as JUnit XML, the format CI systems read: one testcase per step.
import { formatCoverage } from "./coverage.js";
import { formatStep } from "./report.js";
import type { Report } from "./runner.js";

// XML 1.0 allows tab, newline, carriage return and these ranges; anything else cannot appear, even escaped.
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for an XML attribute or element, dropping characters XML cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** JUnit XML for the report; a failure carries the same text the console shows. */
export function toJUnit(report: Report, suiteName = "contract"): string {
  const attrs = (pairs: Record<string, string | number>) =>
    Object.entries(pairs)
      .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
      .join("");
  const counts = { tests: report.steps.length, failures: report.failed, errors: 0, skipped: report.skipped, time: seconds(report.ms) };
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: suiteName, ...counts })}>`,
    `  <testsuite${attrs({ name: suiteName, ...counts, timestamp: report.startedAt })}>`,
    `    <properties>`,
    `      <property${attrs({ name: "baseUrl", value: report.target.baseUrl })}/>`,
    `      <property${attrs({ name: "tokenUrl", value: report.target.tokenUrl })}/>`,
    `      <property${attrs({ name: "coverage.operations", value: `${report.coverage.operations.exercised}/${report.coverage.operations.total}` })}/>`,
    `      <property${attrs({ name: "coverage.statuses", value: `${report.coverage.pairs.provoked}/${report.coverage.pairs.declared}` })}/>`,
    `    </properties>`,
  ];
  for (const step of report.steps) {
    const open = `    <testcase${attrs({ name: step.name, classname: `${suiteName}.${step.operationId}`, time: seconds(step.ms) })}`;
    if (step.status === "passed") lines.push(`${open}/>`);
    else if (step.status === "skipped") lines.push(`${open}>`, `      <skipped${attrs({ message: step.reason ?? "" })}/>`, `    </testcase>`);
    else {
      const details = formatStep(step).split("\n").slice(1).map((l) => l.replace(/^ {4}/, "")).join("\n");
      lines.push(
        `${open}>`,
        `      <failure${attrs({ message: step.failure?.message ?? "failed", type: "ContractFailure" })}>${xmlEscape(details)}</failure>`,
        `    </testcase>`,
      );
    }
  }
  const out = [...formatCoverage(report.coverage), ...report.leftovers.map((l) => `not removed: ${l}`)].join("\n");
  lines.push(`    <system-out>${xmlEscape(out)}</system-out>`, `  </testsuite>`, `</testsuites>`, "");
  return lines.join("\n");
}
