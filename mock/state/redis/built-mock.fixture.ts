// The built command partners run (`node dist/bin/energy-coordination.js mock --store redis://…`), for the tests of the
// artefact rather than the source: dist/ is built once (reused when newer than every source it is built from), and
// each replica is a process of its own. The tests of the command line run it too (`BIN`): a start from dist/ costs
// about a third of the CPU of one through tsx. Not part of the package.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { PROJECT_ROOT, projectPath } from "../../../spec/paths.js";

/** The command as the package installs it (run it with `process.execPath`, after `ensureBuilt()`). */
export const BIN = projectPath("dist", "bin", "energy-coordination.js");
const BUILT = projectPath("dist", "bin", "mock.js");
/** What dist/ is built from (tsconfig.build.json's include, and the build itself): a change to any of them makes it stale. */
const SOURCES = ["index.ts", "bin", "mock", "client", "contract-tests", "fuzz", "receiver", "postman", "scripts", "spec", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(test|fixture|typecheck)\.ts$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) if (entry !== "node_modules") newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

const fresh = () => existsSync(BIN) && existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...SOURCES.map((s) => newestSource(projectPath(s))));

/**
 * Builds dist/ unless it is newer than its sources (as after `npm test`'s own build). Test files that run at once
 * take turns through a lock directory, so only one builds and none reads a dist/ being rewritten.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(tmpdir(), `ec-build-${createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the longest build is a leftover of a killed run.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`dist/ is still being built by another test (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!fresh()) await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: PROJECT_ROOT, maxBuffer: 20 * 1024 * 1024 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

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
export async function startBuiltReplica(store: string, prefix: string, args: string[] = [], env: Record<string, string> = {}): Promise<BuiltReplica> {
  const child = spawn(process.execPath, [BIN, "mock", "--port", "0", "--store", store, "--store-prefix", prefix, ...args], {
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
