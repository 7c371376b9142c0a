// The built command partners run with Redis (`node dist/bin/energy-coordination.js mock --store redis://…`), for the
// tests of the artefact rather than the source: each replica is a process of its own, started from dist/ after
// `ensureBuilt()` (mock/test-support.ts). Not part of the package.
import { spawn, type ChildProcess } from "node:child_process";
import { BIN } from "../../test-support.js";

export interface BuiltReplica {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT/energy-coordination/v1` */
  baseUrl: string;
  origin: string;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Starts `energy-coordination mock --store URL --store-prefix PREFIX ARGS` from dist/; resolves once it listens. */
export function startBuiltReplica(store: string, prefix: string, args: string[] = [], env: Record<string, string> = {}): Promise<BuiltReplica> {
  return startBuiltMock(["--store", store, "--store-prefix", prefix, ...args], env);
}

/** Starts `energy-coordination mock --port 0 ARGS` from dist/; resolves once it listens. */
export async function startBuiltMock(args: string[], env: Record<string, string> = {}): Promise<BuiltReplica> {
  const child = spawn(process.execPath, [BIN, "mock", "--port", "0", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 20_000;
  while (!/API base URL\s+(\S+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`the built mock did not start: ${out}${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const baseUrl = /API base URL\s+(\S+)/.exec(out)![1]!;
  return { child, baseUrl, origin: baseUrl.replace("/energy-coordination/v1", ""), exited, stdout: () => out, stderr: () => err };
}
