// `npm run checks` (the first half of `npm test`): the type-check, the build, and the spec and drift checks, two at
// a time (each is mostly one busy core). Each check's output is printed whole when it ends, under its name; the
// command exits 1 naming the checks that failed, after all of them ran.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

interface Check {
  name: string;
  args: string[];
}

/** In the order they start; the slowest first, so the two lanes end together. */
const CHECKS: Check[] = [
  { name: "typecheck", args: ["run", "typecheck"] },
  { name: "build", args: ["run", "build"] },
  { name: "lint:spec", args: ["run", "lint:spec"] },
  { name: "generate --check", args: ["run", "generate", "--", "--check"] },
  { name: "check:upstream --lock", args: ["run", "check:upstream", "--", "--lock"] },
  { name: "lint:cycles", args: ["run", "lint:cycles"] },
];

const LANES = 2;

function run(check: Check): Promise<boolean> {
  const started = performance.now();
  const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["--silent", ...check.args], { stdio: ["ignore", "pipe", "pipe"] });
  const output: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => output.push(c));
  child.stderr.on("data", (c: Buffer) => output.push(c));
  return new Promise((resolve) => {
    const done = (ok: boolean, why?: string) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString("utf8").trimEnd();
      process.stdout.write(`${ok ? "✓" : "✗"} ${check.name} (${seconds} s)${why ? `: ${why}` : ""}\n${text ? `${text}\n` : ""}`);
      resolve(ok);
    };
    child.once("error", (e) => done(false, e.message));
    child.once("close", (code, signal) => done(code === 0, code === 0 ? undefined : signal ? `killed by ${signal}` : `exit ${code}`));
  });
}

const queue = [...CHECKS];
const failed: string[] = [];
await Promise.all(
  Array.from({ length: LANES }, async () => {
    for (let check = queue.shift(); check; check = queue.shift()) if (!(await run(check))) failed.push(check.name);
  }),
);
if (failed.length > 0) {
  process.stdout.write(`checks failed: ${failed.join(", ")}\n`);
  process.exit(1);
}
