// The wall time of the contract suite's full flow against a local mock, as a partner runs it: the installed
// package's `energy-coordination contract` (dist/, which `npm run bench` builds first) without a base URL (it starts
// the mock itself), timed from spawn to exit. A run counts only when steps
// passed: an entry point that runs nothing (exit 0, no tally) is a failed measurement, not a fast one.
import { spawn } from "node:child_process";
import { projectPath } from "../../spec/paths.js";

const CLI = projectPath("dist", "bin", "energy-coordination.js");

export interface ContractRun {
  wallMs: number;
  passed: number;
  failed: number;
  /** The suite exited 0. */
  ok: boolean;
}

export async function timeContractRun(): Promise<ContractRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "contract"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wallMs = performance.now() - started;
  const tally = /(\d+) passed, (\d+) failed/.exec(out);
  const passed = Number(tally?.[1] ?? 0);
  return { wallMs, passed, failed: Number(tally?.[2] ?? 0), ok: code === 0 && tally !== null && passed > 0 };
}
