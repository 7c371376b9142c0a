// What a person reads: one line per step, the details of each failure, and a summary line.
import type { Exchange } from "./exchange.js";
import { redactBody, redactHeaders } from "./redaction.js";
import type { Report, StepResult } from "./runner.js";

const MARK = { passed: "✓", failed: "✗", skipped: "-" } as const;
const BODY_LIMIT = 1000;

const clip = (text: string) => (text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}… (${text.length} characters)` : text);
const indent = (lines: string[], by = "    ") => lines.map((l) => `${by}${l}`);

/** `✓ PostUser  12 ms`, `- PostPriceCurveSimulation  3 ms  skipped: not offered`, then a failure's details. */
export function formatStep(step: StepResult): string {
  const head = `${MARK[step.status]} ${step.name}  ${step.ms} ms${step.reason ? `  skipped: ${step.reason}` : ""}`;
  const f = step.failure;
  if (!f) return head;
  const lines = [f.message];
  const ex = f.exchange;
  if (ex) {
    const r = ex.response;
    const outcome = r ? `${r.status}${r.contentType ? ` ${r.contentType.split(";")[0]}` : ""}` : ex.error;
    lines.push(`${ex.request.method} ${ex.request.url} → ${outcome}`);
  }
  // Body issues are named by their JSON pointer; a wrong status or content type by what it is.
  for (const issue of f.issues) lines.push(`  ${issue.field.startsWith("body") ? issue.pointer : `${issue.field}:`} ${issue.message}`);
  if (ex?.response?.text) lines.push(`  body: ${clip(redactBody(ex.response.text, ex.response.contentType) ?? "")}`);
  if (f.curl) lines.push(f.curl);
  return [head, ...indent(lines.flatMap((l) => l.split("\n")))].join("\n");
}

/** `N passed, N failed, N skipped`. */
export function formatSummary(report: Pick<Report, "passed" | "failed" | "skipped">): string {
  return `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`;
}

/** The whole report as printed by the CLI. */
export function formatReport(report: Report): string {
  return [...report.steps.map(formatStep), formatSummary(report)].join("\n");
}

/** A request and its response for `--verbose`, with tokens and secrets redacted. */
export function formatExchange(exchange: Exchange): string {
  const { request, response } = exchange;
  const lines = [`→ ${request.method} ${request.url}`];
  for (const [k, v] of Object.entries(redactHeaders(request.headers))) lines.push(`  ${k}: ${v}`);
  const contentType = Object.entries(request.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  if (request.body !== undefined) lines.push(`  ${redactBody(request.body, contentType)}`);
  if (!response) {
    lines.push(`← ${exchange.error} (${exchange.ms} ms)`);
    return lines.join("\n");
  }
  lines.push(`← ${response.status} (${exchange.ms} ms)`);
  for (const [k, v] of Object.entries(redactHeaders(response.headers))) lines.push(`  ${k}: ${v}`);
  if (response.text) lines.push(`  ${redactBody(response.text, response.contentType)}`);
  return lines.join("\n");
}
