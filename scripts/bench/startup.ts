// `npx tsx scripts/bench/startup.ts [N]` (after `npm run build`): the mock's start-up alone, N times (default 15), as
// an installed package starts it: spawn of `energy-coordination mock --log off` from dist/ → a token → the first
// `GET /users` 200. Prints every time and the median; `npm run bench` measures the same on each mock row, but there
// other servers' runs share the machine.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { projectPath } from "../../spec/paths.js";
import { DEMO_CREDENTIALS } from "./servers.js";

const BIN = projectPath("dist", "bin", "energy-coordination.js");

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port on 127.0.0.1");
  return address.port;
}

/** Spawn → first API 200, in ms. */
async function once(): Promise<number> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "mock", "--port", String(port), "--log", "off"], { stdio: "ignore" });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the mock exited with ${child.exitCode}`);
      if (performance.now() - started > 30_000) throw new Error("the mock did not answer within 30 s");
      try {
        const token = await fetch(`${origin}/connect/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: DEMO_CREDENTIALS });
        const { access_token } = (await token.json()) as { access_token: string };
        const users = await fetch(`${origin}/energy-coordination/v1/users?page=1&pageSize=1`, { headers: { authorization: `Bearer ${access_token}` } });
        if (users.status === 200) return performance.now() - started;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    child.kill();
  }
}

const runs = Number(process.argv[2] ?? 15);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`startup: the number of starts must be a whole number >= 1, got ${process.argv[2]}`);
  process.exit(2);
}
if (!existsSync(BIN)) {
  console.error(`startup: ${BIN} is missing: run npm run build first`);
  process.exit(2);
}
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await once());
const sorted = [...times].sort((a, b) => a - b);
console.log(`spawn → first API 200 over ${runs} starts: median ${Math.round(sorted[Math.floor(runs / 2)]!)} ms, min ${Math.round(sorted[0]!)} ms, max ${Math.round(sorted.at(-1)!)} ms`);
console.log(`each: ${times.map((t) => Math.round(t)).join(" ")}`);
