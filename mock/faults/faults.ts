// Faults on demand, per client: the rules in one place. What a client's faults do to one API request (latency, a rate
// limit, a dropped connection, an injected error) and to one webhook delivery attempt (delay, hold-back, a failure on
// the mock's side, a duplicate), drawn from the mock's random seed when it has one, so the same faults fall on the
// same requests again. The faults are kept with the client's clock (state.ts's ClientClock), so every replica on one
// store reads them with the clock it loads for each request; the counters behind the draws and the rate limit are
// kept where the rest of the client's state is (FaultCounters).
import { createHash } from "node:crypto";
import type { Faults } from "../../spec/control-types.js";
import type { ValidationIssue } from "../../spec/validators.js";
import { controlValidators } from "../control/spec.js";
import type { Clocks } from "../state/clock.js";
import type { Awaitable } from "../state/state.js";
import type { AttemptFault, AttemptFaults, AttemptJob } from "../push/attempt.js";

export type { Faults };

/** The header that marks an injected fault, on an answer and on a webhook request. */
export const FAULT_HEADER = "X-Mock-Fault";

/** The faults a request may get, as `X-Mock-Fault` names them. */
export type RequestFaultKind = "latency" | "rate-limit" | "drop" | "error";
/** The faults a webhook delivery attempt may get. */
export type WebhookFaultKind = "delay" | "out-of-order" | "fail" | "duplicate";

/** How long a notification held back for `outOfOrder` waits for the client's next one at most. */
export const HOLD_MAX_MS = 5000;

export interface Tick {
  n: number;
  hits: number;
  start: number;
}

/** Counters of the faults, kept with the client's state, so that every replica counts together. */
export interface FaultCounters {
  /**
   * Counts one request of the client: `n`, its number in `stream` since the client's faults were last set (0 for the
   * first). With a rate-limit window of `ms`: a window opens at the first request after the last one closed (at
   * `now`), and `hits` counts the requests in it, this one included; `start` is when it opened.
   */
  tick(clientId: string, stream: "api" | "webhooks", window?: { ms: number; now: number }): Awaitable<Tick>;
  /** Starts the client's counts over (its faults were set). */
  restart(clientId: string): Awaitable<void>;
}

/** The counters in this process's memory. */
export class MemoryFaultCounters implements FaultCounters {
  readonly #n = new Map<string, number>();
  readonly #windows = new Map<string, { start: number; hits: number }>();

  tick(clientId: string, stream: "api" | "webhooks", window?: { ms: number; now: number }): Tick {
    const key = `${stream}\n${clientId}`;
    const n = this.#n.get(key) ?? 0;
    this.#n.set(key, n + 1);
    if (!window) return { n, hits: 0, start: 0 };
    const w = this.#windows.get(clientId);
    const open = w !== undefined && window.now < w.start + window.ms;
    const next = open ? { start: w.start, hits: w.hits + 1 } : { start: window.now, hits: 1 };
    this.#windows.set(clientId, next);
    return { n, ...next };
  }

  restart(clientId: string): void {
    this.#n.delete(`api\n${clientId}`);
    this.#n.delete(`webhooks\n${clientId}`);
    this.#windows.delete(clientId);
  }
}

/** A number in [0, 1) that depends on nothing but its inputs: the seed, the client, the stream, the count, the kind. */
export function seededDraw(seed: number, ...parts: (string | number)[]): number {
  return createHash("sha256").update(JSON.stringify([seed, ...parts])).digest().readUInt32LE(0) / 4294967296;
}

/**
 * The problems of a faults body beyond its schema (which the caller checked): a range with min above max, an
 * operationId the API does not have, `durationSeconds` with `until`, an `until` already past. Fields are named from
 * `prefix` (`body` for the control API).
 */
export function faultsProblems(faults: Faults, known: ReadonlySet<string>, now: number, prefix = "body"): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ field: `${prefix}.${path}`, pointer: `/${path.replace(/\[(\d+)\]/g, "/$1").replace(/\./g, "/")}`, message });
  if (Array.isArray(faults.latencyMs) && faults.latencyMs[0] > faults.latencyMs[1]) issue("latencyMs[1]", `must be at least latencyMs[0] (${faults.latencyMs[0]}), got ${faults.latencyMs[1]}`);
  faults.operations?.forEach((id, i) => {
    if (!known.has(id)) issue(`operations[${i}]`, `must be an operationId of the API (such as GetUsers, or RequestToken for the token endpoint), got "${id}"`);
  });
  if (faults.durationSeconds !== undefined && faults.until !== undefined) issue("durationSeconds", "cannot be sent together with until; send one of them");
  if (faults.until !== undefined && !(Date.parse(faults.until) > now)) issue("until", `must be in the future (now ${new Date(now).toISOString()}), got ${faults.until}`);
  return issues;
}

/**
 * Checks faults given outside the control API (`startMock({ faults })`, `--faults FILE`) as a PUT's body is checked:
 * the schema, then faultsProblems. Answers them, or throws one line naming each bad field from `prefix`.
 */
export function checkFaults(value: unknown, known: ReadonlySet<string>, prefix: string, now = Date.now()): Faults {
  const r = controlValidators().requestBody("SetFaults", value);
  // Valid against the Faults schema: exactly what the generated type describes.
  const issues = r.valid ? faultsProblems(value as Faults, known, now) : r.issues;
  if (issues.length > 0) throw new Error(issues.map((i) => `${i.field.replace(/^body/, prefix)} ${i.message}`).join("; "));
  return value as Faults;
}

/** The faults as kept: `durationSeconds` turned into `until`, nothing else changed. */
export function storedFaults(faults: Faults, now: number): Faults {
  const { durationSeconds, ...rest } = faults;
  return durationSeconds === undefined ? rest : { ...rest, until: new Date(now + durationSeconds * 1000).toISOString() };
}

/** What the faults do to one request: wait, then answer as said (or go on to the handler), with these headers. */
export interface RequestFault {
  /** Every fault injected, in the order `X-Mock-Fault` names them. */
  kinds: RequestFaultKind[];
  latencyMs: number;
  /** The injected answer instead of the handler's; `drop`: the connection is closed without one. */
  answer: { status: number; title: string; detail: string } | "drop" | undefined;
  /** Headers of the answer, injected or not (the rate-limit headers, `Retry-After`, `X-Mock-Fault`). */
  headers: Record<string, string>;
}

const TITLES: Record<number, string> = { 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable" };

export interface FaultInjectorOptions {
  clocks: Clocks;
  /** Every client's faults until it sets its own (`--faults FILE`, `startMock({ faults })`); checked already. */
  defaults?: Faults | undefined;
  /** The client's random seed, if any: the draws repeat for the same seed; without one they are Math.random. */
  seedOf: (clientId: string) => number | undefined;
  /** Read when first needed (the shared store builds its counters after the deliveries that need the injector). */
  counters: () => FaultCounters;
  /** Real time, for the rate-limit windows and `until` (a client's moved clock does not end an outage). */
  realNow?: () => number;
}

/** Decides and carries out each client's faults; the request path and the webhook attempts ask it. */
export class FaultInjector implements AttemptFaults {
  /** Per client: the release of the notification held back for `outOfOrder`, waiting for the client's next one. */
  readonly #held = new Map<string, () => void>();
  readonly #realNow: () => number;

  constructor(private readonly options: FaultInjectorOptions) {
    this.#realNow = options.realNow ?? Date.now;
  }

  /** The client's faults in force: its own, else the defaults; `{}` when none or when their `until` has passed. */
  of(clientId: string): Faults {
    const own = this.options.clocks.faultsOf(clientId);
    const faults = own === undefined ? this.options.defaults : own;
    if (!faults || (faults.until !== undefined && Date.parse(faults.until) <= this.#realNow())) return {};
    return faults;
  }

  /** Replaces the client's faults (checked already) and starts its draws over; answers them as kept. */
  async set(clientId: string, faults: Faults): Promise<Faults> {
    const kept = storedFaults(faults, this.#realNow());
    await this.#change(clientId, kept);
    return kept;
  }

  /** No faults for the client, not even the defaults (`reset` puts those back). */
  async clear(clientId: string): Promise<Faults> {
    await this.#change(clientId, null);
    return {};
  }

  /** Back to the mock's defaults (a reset of the client). */
  async reset(clientId: string): Promise<void> {
    await this.#change(clientId, undefined);
  }

  async #change(clientId: string, faults: Faults | null | undefined): Promise<void> {
    const { clocks } = this.options;
    await clocks.refresh(clientId);
    clocks.setFaults(clientId, faults);
    await Promise.all([clocks.saved(clientId), this.options.counters().restart(clientId)]);
  }

  #draw(clientId: string, stream: string, n: number, kind: string): number {
    const seed = this.options.seedOf(clientId);
    return seed === undefined ? Math.random() : seededDraw(seed, clientId, stream, n, kind);
  }

  /**
   * The client's faults when some apply to a request to `operationId` (read after its clock was loaded), else
   * undefined; synchronous, so that a request without faults costs no extra turn of the event loop.
   */
  apply(clientId: string, operationId: string): Faults | undefined {
    const f = this.of(clientId);
    if (f.operations !== undefined && !f.operations.includes(operationId)) return undefined;
    const api = f.latencyMs !== undefined || f.rateLimit !== undefined || (f.errorRate ?? 0) > 0 || (f.dropRate ?? 0) > 0;
    return api ? f : undefined;
  }

  /** What the faults `f` (from `apply`) do to one request of the client. */
  async forRequest(clientId: string, f: Faults): Promise<RequestFault | undefined> {
    const now = this.#realNow();
    const windowMs = f.rateLimit ? f.rateLimit.perSeconds * 1000 : 0;
    const { n, hits, start } = await this.options.counters().tick(clientId, "api", f.rateLimit ? { ms: windowMs, now } : undefined);
    const draw = (kind: string) => this.#draw(clientId, "api", n, kind);
    const kinds: RequestFaultKind[] = [];
    const headers: Record<string, string> = {};
    let latencyMs = 0;
    if (f.latencyMs !== undefined) {
      latencyMs = typeof f.latencyMs === "number" ? f.latencyMs : Math.round(f.latencyMs[0] + draw("latency") * (f.latencyMs[1] - f.latencyMs[0]));
      kinds.push("latency");
    }
    let answer: RequestFault["answer"];
    if (f.rateLimit) {
      // The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers): quota and window, remaining and reset.
      const resetSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
      headers["RateLimit-Policy"] = `"default";q=${f.rateLimit.requests};w=${f.rateLimit.perSeconds}`;
      headers.RateLimit = `"default";r=${Math.max(0, f.rateLimit.requests - hits)};t=${resetSeconds}`;
      if (hits > f.rateLimit.requests) {
        kinds.push("rate-limit");
        headers["Retry-After"] = String(resetSeconds);
        answer = { status: 429, title: TITLES[429]!, detail: `more than ${f.rateLimit.requests} requests in ${f.rateLimit.perSeconds} s` };
      }
    }
    if (!answer && (f.dropRate ?? 0) > 0 && draw("drop") < f.dropRate!) {
      kinds.push("drop");
      answer = "drop";
    }
    if (!answer && (f.errorRate ?? 0) > 0 && draw("error") < f.errorRate!) {
      const status = f.errorStatus ?? 503;
      kinds.push("error");
      if (status === 503) headers["Retry-After"] = String(f.until === undefined ? 1 : Math.max(1, Math.ceil((Date.parse(f.until) - now) / 1000)));
      answer = { status, title: TITLES[status]!, detail: f.errorRate === 1 ? "an outage" : `an error rate of ${f.errorRate}` };
    }
    if (answer && answer !== "drop") answer.detail = `injected by the mock's faults for client ${clientId} (PUT /_mock/faults): ${answer.detail}`;
    if (kinds.length === 0 && !headers.RateLimit) return undefined;
    if (kinds.length > 0) headers[FAULT_HEADER] = kinds.join(", ");
    return { kinds, latencyMs, answer, headers };
  }

  /** The faults of one webhook delivery attempt; waits out its delay and hold-back before it answers. */
  async begin(job: AttemptJob, attempt: number, signal?: AbortSignal): Promise<AttemptFault | undefined> {
    const tenant = job.tenantId;
    const { clocks } = this.options;
    if (clocks.shared) await clocks.refresh(tenant);
    const w = this.of(tenant).webhooks;
    if (!w || (!w.outOfOrder && !w.delayMs && !w.failRate && !w.duplicateRate)) return undefined;
    const { n } = await this.options.counters().tick(tenant, "webhooks");
    const kinds: WebhookFaultKind[] = [];
    const fail = (w.failRate ?? 0) > 0 && this.#draw(tenant, "webhooks", n, "fail") < w.failRate!;
    const duplicate = !fail && (w.duplicateRate ?? 0) > 0 && this.#draw(tenant, "webhooks", n, "duplicate") < w.duplicateRate!;
    if (w.delayMs) {
      kinds.push("delay");
      await wait(w.delayMs, signal);
    }
    let release: (() => void) | undefined;
    if (w.outOfOrder && attempt === 0) {
      // Every other notification waits for the next one: the first of a pair is held, the second goes and frees it.
      release = this.#held.get(tenant);
      if (release) this.#held.delete(tenant);
      else {
        kinds.push("out-of-order");
        await this.#holdBack(tenant, signal);
      }
    }
    if (fail) kinds.push("fail");
    return { kinds, fail, duplicate, sent: () => release?.() };
  }

  #holdBack(tenant: string, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", go);
        if (this.#held.get(tenant) === go) this.#held.delete(tenant);
        resolve();
      };
      const timer = setTimeout(go, HOLD_MAX_MS);
      signal?.addEventListener("abort", go);
      this.#held.set(tenant, go);
    });
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}
