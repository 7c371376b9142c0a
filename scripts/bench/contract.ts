// The wall time of the contract suite's full flow against a local mock, as a partner runs it: `npm run contract`
// without a base URL (it starts the mock itself), timed from spawn to exit.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../contract-tests/cli.ts", import.meta.url));

export interface ContractRun {
  wallMs: number;
  passed: number;
  failed: number;
  /** The suite exited 0. */
  ok: boolean;
}

export async function timeContractRun(): Promise<ContractRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", CLI], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const wallMs = performance.now() - started;
  const tally = /(\d+) passed, (\d+) failed/.exec(out);
  return { wallMs, passed: Number(tally?.[1] ?? 0), failed: Number(tally?.[2] ?? 0), ok: code === 0 };
}
