// `npm run bench -- --write-doc FILE`: the run's own output replaces the marked section of a Markdown file
// (docs/benchmarks.md), so the table contributors read is the one a run printed, with its command, date, machine and
// verdict, never figures copied by hand.
import { readFileSync, writeFileSync } from "node:fs";

export const BEGIN = "<!-- bench-run:begin -->";
export const END = "<!-- bench-run:end -->";

export interface RunRecord {
  /** The arguments after `npm run bench --`. */
  argv: string[];
  /** What the run printed: machine, table, figures. */
  text: string;
  /** The figures that missed their target and the loads that were invalid or did not run. */
  failures: string[];
  at: Date;
}

/** The Markdown of one run: its command, when, its verdict and its printed output. */
export function renderRun(run: RunRecord): string {
  const command = ["npm run bench", ...(run.argv.length > 0 ? ["--", ...run.argv] : [])].join(" ");
  const verdict = run.failures.length === 0 ? "exit 0: every figure met its target" : `exit 1: ${run.failures.join("; ")}`;
  return [
    `The last recorded run (written by the run itself, \`--write-doc\`; do not edit by hand): \`${command}\` on`,
    `${run.at.toISOString().slice(0, 16).replace("T", " ")} UTC. Verdict: ${verdict}.`,
    "",
    "```",
    run.text.replace(/```/g, "'''"),
    "```",
  ].join("\n");
}

/** `doc` with the text between the markers replaced by `section`; throws one line when the markers are not there once, in order. */
export function withRun(doc: string, section: string, file = "the document"): string {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin === -1 || end === -1 || end < begin || doc.indexOf(BEGIN, begin + 1) !== -1 || doc.indexOf(END, end + 1) !== -1) {
    throw new Error(`--write-doc ${file}: needs one line ${BEGIN} and, after it, one line ${END} around the section to replace`);
  }
  return `${doc.slice(0, begin + BEGIN.length)}\n${section}\n${doc.slice(end)}`;
}

/** Checks the file can take a run before the run starts (a typo should not cost a five-minute run). */
export function checkDoc(file: string): void {
  let doc: string;
  try {
    doc = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`--write-doc ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  withRun(doc, "", file);
}

export function writeRun(file: string, run: RunRecord): void {
  writeFileSync(file, withRun(readFileSync(file, "utf8"), renderRun(run), file));
}
