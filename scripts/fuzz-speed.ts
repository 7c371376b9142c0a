// `npx tsx scripts/fuzz-speed.ts [REQUESTS]`: how fast the fuzzer checks the mock. Starts the mock in a process of its
// own (as `energy-coordination mock`), fuzzes it through its base URL with every check, and prints requests per second
// and the CPU time each side spent per request, so the figure can be judged on a busy machine too.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { runFuzz } from "../fuzz/run.js";

const CLIENT = { id: "speed-partner", secret: "speed-partner-secret" };
const requests = Number(process.argv[2] ?? 10_000);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// The command beside this script: the TypeScript one in the repository (run through tsx), the compiled one in dist/.
const bin = fileURLToPath(new URL(`../bin/energy-coordination.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url));
const port = await freePort();
const child = spawn(process.execPath, [...process.execArgv, bin, "mock", "--port", String(port), "--client", `${CLIENT.id}:${CLIENT.secret}`, "--log", "off"], { stdio: "ignore" });
const origin = `http://127.0.0.1:${port}`;
try {
  for (let ready = false; !ready; ) {
    ready = await fetch(`${origin}/energy-coordination/v1/users`).then(
      () => true,
      () => false,
    );
    if (!ready) await new Promise((r) => setImmediate(r));
  }
  const mockBefore = cpuOf(child.pid!);
  const before = process.cpuUsage();
  const report = await runFuzz({ baseUrl: `${origin}/energy-coordination/v1`, tokenUrl: `${origin}/connect/token`, client: CLIENT, seed: 1, maxRequests: requests, concurrency: 16, shrink: false });
  const used = process.cpuUsage(before);
  const fuzzerMs = ((used.user + used.system) / 1000 / report.requests).toFixed(2);
  const mockMs = (((cpuOf(child.pid!) - mockBefore) * 1000) / report.requests).toFixed(2);
  const perCore = Math.round(1000 / Math.max(Number(fuzzerMs), Number(mockMs)));
  process.stdout.write(`${report.requests} requests with every check in ${report.sendingSeconds.toFixed(1)} s: ${Math.round(report.requests / report.sendingSeconds)} requests/s; ${report.failureCount} failures\n`);
  process.stdout.write(`CPU per request: fuzzer ${fuzzerMs} ms, mock ${mockMs} ms (with a core each: ~${perCore} requests/s)\n`);
} finally {
  child.kill();
}
