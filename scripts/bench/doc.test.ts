// The table in docs/benchmarks.md is what a run printed: --write-doc replaces the marked section and nothing else.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { projectPath } from "../../spec/paths.js";
import { BEGIN, checkDoc, END, renderRun, withRun, writeRun } from "./doc.js";

const run = { argv: ["--only", "get-user"], text: "figure  value\nGET     3.50", failures: ["1 figure(s) missed their target: logging on / off"], at: new Date("2026-12-05T12:34:56Z") };

it("renders the command, the time, the verdict and the printed text", () => {
  expect(renderRun(run)).toBe(
    [
      "The last recorded run (written by the run itself, `--write-doc`; do not edit by hand): `npm run bench -- --only get-user` on",
      "2026-12-05 12:34 UTC. Verdict: exit 1: 1 figure(s) missed their target: logging on / off.",
      "",
      "```",
      "figure  value\nGET     3.50",
      "```",
    ].join("\n"),
  );
  expect(renderRun({ ...run, argv: [], failures: [] })).toContain("`npm run bench` on\n2026-12-05 12:34 UTC. Verdict: exit 0: every figure met its target.");
});

it("replaces only what lies between the markers, again and again", () => {
  const doc = `# Title\n\nbefore\n${BEGIN}\nold table\n${END}\nafter\n`;
  const once = withRun(doc, "new table");
  expect(once).toBe(`# Title\n\nbefore\n${BEGIN}\nnew table\n${END}\nafter\n`);
  expect(withRun(once, "newer")).toBe(`# Title\n\nbefore\n${BEGIN}\nnewer\n${END}\nafter\n`);
});

it("refuses a document without the markers, with them twice or in the wrong order, naming the file", () => {
  const problem = `--write-doc x.md: needs one line ${BEGIN} and, after it, one line ${END} around the section to replace`;
  expect(() => withRun("no markers", "t", "x.md")).toThrow(problem);
  expect(() => withRun(`${END}\n${BEGIN}`, "t", "x.md")).toThrow(problem);
  expect(() => withRun(`${BEGIN}\n${BEGIN}\n${END}`, "t", "x.md")).toThrow(problem);
  const dir = mkdtempSync(join(tmpdir(), "bench-doc-"));
  expect(() => checkDoc(join(dir, "missing.md"))).toThrow(`--write-doc ${join(dir, "missing.md")}: cannot read it (ENOENT)`);
});

it("writes a run into a file, and docs/benchmarks.md has the markers", () => {
  const file = join(mkdtempSync(join(tmpdir(), "bench-doc-")), "b.md");
  writeFileSync(file, `a\n${BEGIN}\n${END}\nb\n`);
  checkDoc(file);
  writeRun(file, run);
  expect(readFileSync(file, "utf8")).toBe(`a\n${BEGIN}\n${renderRun(run)}\n${END}\nb\n`);
  expect(() => checkDoc(projectPath("docs", "benchmarks.md"))).not.toThrow();
});
