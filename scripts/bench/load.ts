// One measured load: autocannon against a running server (warm-up, then a fixed duration), every response's
// status checked against what the scenario expects, and the server's peak RSS sampled meanwhile.
import { createRequire } from "node:module";
import autocannon from "autocannon";
import { cpuMsOf, PeakSampler } from "./memory.js";

/**
 * autocannon appends every response body to a string (`body += chunk`: a UTF-8 decoding of each chunk) whether or
 * not anything reads it. On a page of ~145 KB that decoding was most of the load generator's time, so every server's
 * rate was autocannon's: raw node:http sending the same bytes read only 1.1 × bare Express. A load whose responses
 * nobody reads (one request, no hook) turns it off while it runs; bytes are still counted.
 */
interface BodyQueue {
  prototype: { addBody(data: unknown): void };
}
const bodyQueue: BodyQueue = createRequire(import.meta.url)("autocannon/lib/pipelinedRequestsQueue.js");
const appendBody = bodyQueue.prototype.addBody;
const skipBody = () => undefined;

export interface LoadPlan {
  /** Requests each connection sends in turn; one pass through them is one unit (a request, or a flow). */
  requests: autocannon.Request[];
  /** The status each request of the pass must answer. */
  expected: number[];
  /** What one pass is: a request, or a whole flow of requests. */
  unit: "req" | "flow";
}

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface Measurement {
  /** Passes per second (requests/s, or flows/s for a flow). */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Responses whose status was not the one expected (warm-up included). */
  mismatches: number;
  peakRssBytes: number;
  /** The server's CPU time (user + system) per pass of the measured run, in µs; NaN where it cannot be read. */
  cpuUsPerUnit: number;
}

interface Counted {
  result: autocannon.Result;
  mismatches: number;
  passes: number;
}

/** Runs autocannon once; counts status mismatches and completed passes as responses arrive. */
async function fire(url: string, plan: LoadPlan, connections: number, durationS: number): Promise<Counted> {
  let mismatches = 0;
  let passes = 0;
  const last = plan.requests.length - 1;
  const single = plan.requests.length === 1 && plan.requests[0]?.onResponse === undefined;
  // A single request needs no per-response hook (which makes autocannon buffer bodies): its status
  // counts tell the same.
  const requests = single
    ? plan.requests
    : plan.requests.map((r, i): autocannon.Request => ({
        ...r,
        onResponse: (status, body, context, headers) => {
          if (status !== plan.expected[i]) mismatches++;
          else if (i === last) passes++;
          if (typeof r.onResponse === "function") r.onResponse(status, body, context, headers);
        },
      }));
  // autocannon only stops on a sample tick; ticks every 100 ms keep a short run short (rates come from totals).
  if (single) bodyQueue.prototype.addBody = skipBody;
  let result: autocannon.Result;
  try {
    result = await autocannon({ url, connections, duration: durationS, requests, timeout: 10, sampleInt: 100 });
  } finally {
    bodyQueue.prototype.addBody = appendBody;
  }
  if (single) {
    const expected = String(plan.expected[0]);
    for (const [status, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) {
      if (status === expected) passes += count;
      else mismatches += count;
    }
  }
  return { result, mismatches, passes };
}

/** Warm-up (counted for mismatches only), then the measured run. */
export async function measure(url: string, pid: number, plan: LoadPlan, settings: LoadSettings): Promise<Measurement> {
  const memory = new PeakSampler(pid);
  let mismatches = 0;
  try {
    if (settings.warmupS > 0) mismatches += (await fire(url, plan, settings.connections, settings.warmupS)).mismatches;
    const cpuBefore = cpuMsOf(pid);
    const run = await fire(url, plan, settings.connections, settings.durationS);
    const cpuAfter = cpuMsOf(pid);
    mismatches += run.mismatches;
    const { result } = run;
    const cpuUsPerUnit = cpuBefore === undefined || cpuAfter === undefined || run.passes === 0 ? Number.NaN : ((cpuAfter - cpuBefore) * 1000) / run.passes;
    return {
      rate: run.passes / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
      mismatches,
      peakRssBytes: memory.stop(),
      cpuUsPerUnit,
    };
  } finally {
    memory.stop();
  }
}
