// `--summary FILE`: the run as Markdown, for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY and the like);
// `--json FILE`: the run as JSON, with requests shown without their credentials.
import type { Report } from "./runner.js";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The report as Markdown: the counts, the failures, the coverage and what was not covered, what was left behind. */
export function toMarkdown(report: Report): string {
  const c = report.coverage;
  const lines = [
    `## Contract suite: ${report.failed === 0 ? "passed" : `${report.failed} failed`}`,
    "",
    `Target \`${report.target.baseUrl}\`, ${report.steps.length} steps in ${(report.ms / 1000).toFixed(1)} s: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped.`,
    "",
    `| Coverage (judged by ${cell(c.judgedBy)}) | |`,
    "|---|---|",
    `| Operations exercised | ${c.operations.exercised}/${c.operations.total} |`,
    `| (operation, status) pairs provoked | ${c.pairs.provoked} of ${c.pairs.declared} declared |`,
  ];
  const failed = report.steps.filter((s) => s.status === "failed");
  if (failed.length > 0) {
    lines.push("", "### Failed", "", "| Step | What differed |", "|---|---|");
    for (const s of failed) lines.push(`| ${cell(s.name)} | ${cell([s.failure?.message ?? "", ...(s.failure?.issues ?? []).map((i) => `${i.pointer} ${i.message}`)].join("; "))} |`);
  }
  const skipped = report.steps.filter((s) => s.status === "skipped");
  if (skipped.length > 0) {
    lines.push("", "### Skipped", "", "| Step | Why |", "|---|---|");
    for (const s of skipped) lines.push(`| ${cell(s.name)} | ${cell(s.reason ?? "")} |`);
  }
  if (c.operations.missing.length + c.pairs.missing.length > 0) {
    lines.push("", "### Not covered", "", "| Operation | Status | Why |", "|---|---|---|");
    for (const m of c.operations.missing) lines.push(`| ${m.operationId} | (any) | ${cell(m.reason)} |`);
    for (const m of c.pairs.missing) lines.push(`| ${m.operationId} | ${m.status} | ${cell(m.reason)} |`);
  }
  for (const note of c.notes) lines.push("", `_${note}_`);
  if (report.leftovers.length > 0) lines.push("", "### Not removed", "", ...report.leftovers.map((l) => `- \`${l}\``));
  return `${lines.join("\n")}\n`;
}

/** The report as JSON: every step, the coverage; a failure's request by method and URL only (no headers, no body). */
export function toJson(report: Report): string {
  const steps = report.steps.map(({ failure, ...step }) => {
    if (!failure) return step;
    const { exchange, ...rest } = failure;
    return { ...step, failure: { ...rest, ...(exchange ? { request: `${exchange.request.method} ${exchange.request.url}`, status: exchange.response?.status ?? null } : {}) } };
  });
  return `${JSON.stringify({ ...report, steps }, null, 2)}\n`;
}
