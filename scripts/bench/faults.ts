// `npx tsx scripts/bench/faults.ts` (`npm run bench:faults`): measures what the faults of PUT /_mock/faults do, on a
// mock of its own, against what was set: the latency added (fixed and drawn from a range), the requests a rate limit
// lets through per second, the share of injected errors and of dropped connections. Prints each figure beside its
// target and exits 1 when one is off by more than 10 %. The tests assert behaviour; the timing figures live here.
import { startMock } from "../../mock/start.js";
import type { Faults } from "../../spec/control-types.js";

const TOLERANCE = 0.1;

const mock = await startMock({ randomSeed: 20261205 });
const token = await mock.token();
const headers = { authorization: `Bearer ${token}` };
const get = () => fetch(`${mock.baseUrl}/users?pageSize=1`, { headers });

async function faults(body: Faults): Promise<void> {
  const res = await fetch(`${mock.origin}/_mock/faults`, { method: "PUT", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`PUT /_mock/faults answered ${res.status}: ${await res.text()}`);
}

/** Each request's time, one after the other. */
async function times(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await get();
    await res.arrayBuffer();
    out.push(performance.now() - started);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** How many of `n` requests (8 at a time) got each status; a dropped connection counts as 0. */
async function statuses(n: number): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next++ < n) {
      const status = await get().then(
        async (res) => (await res.arrayBuffer(), res.status),
        () => 0,
      );
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return counts;
}

/** Requests answered 200 per second while 4 clients send as fast as they can for `seconds`. */
async function throughput(seconds: number): Promise<number> {
  let ok = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const res = await get();
      await res.arrayBuffer();
      if (res.status === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return ok / seconds;
}

const rows: { figure: string; set: number; measured: number }[] = [];
let base = 0;
try {
  await mock.faults.clear();
  base = median(await times(40));

  await faults({ latencyMs: 200 });
  rows.push({ figure: "latencyMs 200: added latency, median ms", set: 200, measured: median(await times(30)) - base });

  await faults({ latencyMs: [100, 300] });
  rows.push({ figure: "latencyMs [100, 300]: added latency, mean ms", set: 200, measured: mean(await times(60)) - base });

  await faults({ rateLimit: { requests: 20, perSeconds: 1 } });
  rows.push({ figure: "rateLimit 20 per 1 s: answered 200 per s over 5 s", set: 20, measured: await throughput(5) });

  await faults({ errorRate: 0.2 });
  rows.push({ figure: "errorRate 0.2: share answered 503 of 2000", set: 0.2, measured: ((await statuses(2000)).get(503) ?? 0) / 2000 });

  await faults({ dropRate: 0.1 });
  rows.push({ figure: "dropRate 0.1: share dropped of 2000", set: 0.1, measured: ((await statuses(2000)).get(0) ?? 0) / 2000 });
} finally {
  await mock.close();
}

let off = 0;
console.log(`baseline request without faults: ${base.toFixed(1)} ms median\n`);
for (const r of rows) {
  const deviation = Math.abs(r.measured - r.set) / r.set;
  if (deviation > TOLERANCE) off++;
  console.log(`${deviation > TOLERANCE ? "✗" : "✓"} ${r.figure.padEnd(52)} set ${String(r.set).padStart(5)}  measured ${r.measured.toFixed(r.set < 1 ? 3 : 1).padStart(7)}  (${(deviation * 100).toFixed(1)} % off)`);
}
if (off > 0) {
  console.error(`\n${off} figure(s) off by more than ${TOLERANCE * 100} %`);
  process.exit(1);
}
