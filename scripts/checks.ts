// `npm run checks` (the first half of `npm test`): the type-check, the build, and the spec and drift checks, in two
// lanes (each is mostly one busy core). The type-check and the build are one compilation (`scripts/build.ts
// --typecheck`: each file is parsed and checked once), the longest lane; the other runs the spec lint, the
// generated-types and vendor-lock drift checks in this process, one after another, then the import-cycle lint. Each
// check's output is printed whole when it ends, under its name; the command exits 1 naming the checks that failed,
// after all of them ran.
import { spawn } from "node:child_process";
import { Console } from "node:console";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { PROJECT_ROOT } from "../spec/paths.js";

interface Outcome {
  ok: boolean;
  output: Buffer[];
  /** Why a check failed when its output may not say (an exit code, a signal, an exception). */
  why?: string;
}

interface Check {
  name: string;
  run(): Promise<Outcome>;
}

/** A check in a process of its own, its output collected. */
function spawned(command: string, args: string[]): Promise<Outcome> {
  const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const output: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => output.push(c));
  child.stderr.on("data", (c: Buffer) => output.push(c));
  return new Promise((resolve) => {
    child.once("error", (e) => resolve({ ok: false, output, why: e.message }));
    child.once("close", (code, signal) =>
      resolve(code === 0 ? { ok: true, output } : { ok: false, output, why: signal ? `killed by ${signal}` : `exit ${code}` }),
    );
  });
}

/**
 * A check in this process, which saves a process and tsx's start-up per check; what it prints on the console is
 * collected. Only one lane runs checks in this process, so only one check at a time has the console.
 */
async function inProcess(check: () => Promise<boolean>): Promise<Outcome> {
  const output: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output.push(chunk);
      done();
    },
  });
  const previous = globalThis.console;
  globalThis.console = new Console(sink, sink);
  try {
    return { ok: await check(), output };
  } catch (e) {
    return { ok: false, output, why: e instanceof Error ? e.message : String(e) };
  } finally {
    globalThis.console = previous;
  }
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Each lane's checks, in order; the lanes run side by side. */
const LANES: Check[][] = [
  [{ name: "typecheck + build", run: () => spawned(process.execPath, ["--import", "tsx", "scripts/build.ts", "--typecheck"]) }],
  [
    { name: "lint:spec", run: () => inProcess(async () => (await import("./lint-spec.js")).lintSpecs()) },
    { name: "generate --check", run: () => inProcess(async () => (await import("./generate-types.js")).generateTypes(true)) },
    { name: "check:upstream --lock", run: () => inProcess(async () => (await (await import("./check-upstream.js")).run(["--lock"])) === 0) },
    { name: "lint:cycles", run: () => spawned(npm, ["--silent", "run", "lint:cycles"]) },
  ],
];

const failed: string[] = [];
await Promise.all(
  LANES.map(async (lane) => {
    for (const check of lane) {
      const started = performance.now();
      const { ok, output, why } = await check.run();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString("utf8").trimEnd();
      process.stdout.write(`${ok ? "✓" : "✗"} ${check.name} (${seconds} s)${why ? `: ${why}` : ""}\n${text ? `${text}\n` : ""}`);
      if (!ok) failed.push(check.name);
    }
  }),
);
if (failed.length > 0) {
  process.stdout.write(`checks failed: ${failed.join(", ")}\n`);
  process.exit(1);
}
