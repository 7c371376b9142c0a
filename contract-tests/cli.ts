// `energy-coordination contract` (`npm run contract`): runs the contract flow against a target (or a freshly started mock) and prints the report.
import { writeFileSync } from "node:fs";
import { createValidators } from "../spec/validators.js";
import { HELP, parseArguments } from "./arguments.js";
import { documentRules, loadDocument, type OtherDocument } from "./document.js";
import { ContractError } from "./errors.js";
import { formatCoverage } from "./coverage.js";
import { toJUnit } from "./junit.js";
import { toJson, toMarkdown } from "./summary.js";
import { launchMock, type LaunchedMock } from "./launch-mock.js";
import { formatExchange, formatStep, formatSummary } from "./report.js";
import { runContract } from "./runner.js";

/** `energy-coordination contract`: runs the flow and prints the report; resolves with the exit code. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await contract(argv, env);
  } catch (e) {
    console.error(`contract: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof ContractError && e.kind === "usage" ? 2 : 1;
  }
}

async function contract(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options = parseArguments(argv, env);
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  // The first Ctrl-C stops the flow but still deletes what it created; a second one quits at once.
  const interrupt = new AbortController();
  process.on("SIGINT", () => {
    if (interrupt.signal.aborted) process.exit(130);
    console.error("contract: interrupted; cleaning up (Ctrl-C again to quit without cleaning up)");
    interrupt.abort();
  });
  // Read before the mock starts, so a bad document stops the run with its one line and nothing to shut down.
  const document: OtherDocument | undefined = options.spec ? await loadDocument(options.spec) : undefined;
  let mock: LaunchedMock | undefined;
  const target = options.target ?? (mock = await launchMock());
  const judged = document ? `, responses judged by ${document.source} (OpenAPI ${document.version})` : "";
  console.log(`Contract suite against ${target.baseUrl} (tokens from ${target.tokenUrl})${mock ? ", the mock started for this run" : ""}${options.readOnly ? ", read-only" : ""}${judged}`);
  try {
    const ours = mock?.validators ?? createValidators();
    const report = await runContract({
      target: { baseUrl: target.baseUrl, tokenUrl: target.tokenUrl },
      client: target.client,
      ...(target.second ? { second: target.second } : {}),
      readOnly: options.readOnly,
      ...(options.only ? { only: options.only } : {}),
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
      timeoutMs: options.timeoutMs,
      validators: ours,
      ...(document ? { rules: documentRules(document, ours) } : {}),
      signal: interrupt.signal,
      onStep: (step) => console.log(formatStep(step)),
      ...(options.verbose ? { onExchange: (exchange) => console.log(formatExchange(exchange).replace(/^/gm, "      ")) } : {}),
    });
    for (const line of formatCoverage(report.coverage)) console.log(line);
    for (const left of report.leftovers) console.log(`not removed: ${left}`);
    const files = [
      [options.junit, "JUnit report", () => toJUnit(report)],
      [options.json, "JSON report", () => toJson(report)],
      [options.summary, "Markdown summary", () => toMarkdown(report)],
    ] as const;
    for (const [file, what, render] of files) {
      if (!file) continue;
      // A CI job summary file collects several steps' output: the summary is added to it, the reports replace theirs.
      writeFileSync(file, render(), { flag: what === "Markdown summary" ? "a" : "w" });
      console.log(`${what} written to ${file}`);
    }
    console.log(formatSummary(report));
    if (interrupt.signal.aborted) return 130;
    return report.failed === 0 ? 0 : 1;
  } finally {
    await mock?.close();
  }
}
