// The webhook deliverer: signs and POSTs notifications off the request path, retries with exponential backoff,
// and logs every attempt. A hostile receiver (hangs, resets, redirects, huge bodies, refused connections) only
// ever costs its own log entries: attempts are bounded in time, in bytes read and in number in flight.
// Partners share it fairly: each has its own queue, the queues take turns (round-robin), each partner has at most
// `maxInFlightPerTenant` attempts open and `maxPendingPerTenant` notifications pending (beyond that, publishing is
// refused with a 429 before the event is stored: nothing is dropped silently), and a webhook whose receiver keeps
// timing out is held off by a circuit breaker (see circuit-breaker.ts) instead of tying up connections.
import type { EventNotification, WebhookNotificationLog, WebhookStatus } from "../../spec/types.js";
import { CircuitBreakers, type BreakerOptions } from "./circuit-breaker.js";
import { attemptLimits, runAttempt, type AttemptFaults, type AttemptPolicy, type AttemptReport, type Endpoint, type Outcome } from "./attempt.js";
import type { TargetPolicy } from "./webhook-targets.js";

export type { AttemptReport, Endpoint, Outcome };

export interface DeliveryOptions {
  /** Delay before the first retry; each further retry waits twice as long. Default 1000. */
  baseDelayMs?: number;
  /** Per-attempt limit from connect to response headers. Default 5000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Attempts running at once; the others wait in a queue. Default 16. */
  maxInFlight?: number;
  /** Attempts of one partner running at once, so others always find a free slot. Default half of maxInFlight. */
  maxInFlightPerTenant?: number;
  /** Notifications accepted but not finished; beyond this new ones are refused. Default 10000. */
  maxPending?: number;
  /** Notifications of one partner accepted but not finished; beyond this its new ones are refused. Default 1000. */
  maxPendingPerTenant?: number;
  /** Where deliveries may go (see webhook-targets.ts). Default: anywhere http(s). */
  targets?: TargetPolicy;
  /** When a webhook's receiver is held off after timing out again and again. */
  breaker?: BreakerOptions;
  /** Response bytes read (and thrown away) before the connection is closed. Default 4096. */
  maxResponseBytes?: number;
  /** The clock for timestamps (ms since the epoch) of a job's tenant. Default Date.now. */
  now?: (tenantId: string) => number;
  /** Told of every attempt once it ends (the mock's log line), with when the next one is due. */
  onAttempt?: (report: AttemptReport) => void;
  /** Told of a failure in the deliverer's own bookkeeping (the job ends; the mock's log shows it). */
  onError?: (error: unknown) => void;
  /** The clients' injected faults (mock/faults/faults.ts). */
  faults?: AttemptFaults;
}

export interface Attempt {
  log: WebhookNotificationLog;
  /** The exact body sent. */
  content: string;
  outcome: Outcome;
  /** The attempt was not made: the webhook's circuit breaker is open (its receiver keeps timing out). */
  held?: boolean;
}

export interface DeliveryJob {
  webhookId: string;
  tenantId: string;
  /** The notification minus its send time, which each attempt stamps. */
  notification: Omit<EventNotification, "notificationSentUtc">;
  /** The webhook as it is now, or undefined once it is deleted or disabled (which ends the job). */
  endpoint(): Endpoint | undefined;
  /** Receives every attempt, after it ends. */
  record(attempt: Attempt): void;
}

export interface Deliverer {
  /** Why `count` more notifications of the tenant would not be accepted now (one line), or undefined. */
  refusal(tenantId: string, count: number): string | undefined;
  /** Queues a notification; never waits for it. False when it was refused (see `refusal`) or the deliverer is closed. */
  enqueue(job: DeliveryJob): boolean;
  /** Resolves once every queued notification is delivered or given up (or the deliverer is closed). */
  idle(): Promise<void>;
  /** Notifications accepted and not yet finished: queued, in flight or waiting for a retry. */
  pending(): number;
  /**
   * Waits for a tenant's attempts in flight, then runs one attempt of each of its queued notifications and waiting
   * retries now; resolves with what all those attempts did. An attempt that fails here schedules its next retry as usual.
   */
  flush(tenantId: string): Promise<FlushResult>;
  /** Drops a tenant's queued notifications and waiting retries (its attempts in flight end on their own). */
  cancel(tenantId: string): void;
  /** Aborts attempts in flight and cancels pending retries. */
  close(): void;
}

/** The webhook status that an attempt leaves behind (a held one: the receiver keeps timing out). */
export function statusAfter(outcome: Outcome, held = false): WebhookStatus {
  return held ? "TimeOut" : outcome === "delivered" ? "Healthy" : outcome === "timeout" ? "TimeOut" : "Unhealthy";
}

/** The refusal of a partner's notifications beyond its pending limit, or of anyone's beyond the process's. */
export function pendingRefusal(tenantPending: number, count: number, maxPerTenant: number, total?: { pending: number; max: number }): string | undefined {
  if (tenantPending + count > maxPerTenant) {
    return `this client has ${tenantPending} webhook notifications pending (queued or waiting for a retry); its quota is ${maxPerTenant} and this event would add ${count}: wait for them to be delivered or given up, fix or disable the failing webhooks, or call deliverNow`;
  }
  if (total && total.pending + count > total.max) return `the mock has ${total.pending} webhook notifications pending, its limit is ${total.max}: try again shortly`;
  return undefined;
}

export interface FlushResult {
  attempted: number;
  delivered: number;
  failed: number;
}

interface Running {
  job: DeliveryJob;
  attempt: number;
}

/** One partner's share of the deliverer. */
interface TenantQueue {
  ready: Running[];
  active: number;
  pending: number;
  /** In the round-robin turn list. */
  inTurn: boolean;
}

export function createDeliverer(options: DeliveryOptions = {}): Deliverer {
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxRetries = options.maxRetries ?? 3;
  const maxInFlight = options.maxInFlight ?? 16;
  const maxInFlightPerTenant = options.maxInFlightPerTenant ?? Math.max(1, Math.floor(maxInFlight / 2));
  const maxPending = options.maxPending ?? 10_000;
  const maxPendingPerTenant = options.maxPendingPerTenant ?? 1000;
  const maxResponseBytes = options.maxResponseBytes ?? 4096;
  const now = options.now ?? Date.now;
  const breakers = new CircuitBreakers(options.breaker);

  const tenants = new Map<string, TenantQueue>();
  /** Tenants with ready notifications, in turn order: each start takes the first and puts it back last. */
  const turn: TenantQueue[] = [];
  /** Retries waiting for their back-off delay. */
  const waiting = new Map<NodeJS.Timeout, Running>();
  const inFlight = new Map<Running, Promise<Outcome | undefined>>();
  /** Aborted by close(): every attempt in flight ends at once. */
  const stopped = new AbortController();
  const limits = attemptLimits({ timeoutMs, maxResponseBytes, ...(options.targets && { targets: options.targets }) });
  let waiters: (() => void)[] = [];
  let active = 0;
  let pending = 0;
  let closed = false;

  const tenantOf = (tenantId: string): TenantQueue => {
    let t = tenants.get(tenantId);
    if (!t) tenants.set(tenantId, (t = { ready: [], active: 0, pending: 0, inTurn: false }));
    return t;
  };

  /** Forgets a tenant with nothing left, so the map holds only partners with work. */
  const tidy = (tenantId: string, t: TenantQueue) => {
    if (t.pending === 0 && t.active === 0 && !t.inTurn && tenants.get(tenantId) === t) tenants.delete(tenantId);
  };

  const settle = () => {
    if (pending > 0 && !closed) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const finish = (job: DeliveryJob) => {
    pending--;
    const t = tenants.get(job.tenantId);
    if (t) {
      t.pending--;
      tidy(job.tenantId, t);
    }
    settle();
  };

  const makeReady = (next: Running) => {
    const t = tenantOf(next.job.tenantId);
    t.ready.push(next);
    if (!t.inTurn) {
      t.inTurn = true;
      turn.push(t);
    }
  };

  const pump = () => {
    // Each tenant in turn starts one attempt; a tenant at its in-flight limit is passed over until one ends.
    let passed = 0;
    while (!closed && active < maxInFlight && turn.length > 0 && passed < turn.length) {
      const t = turn.shift()!;
      if (t.active >= maxInFlightPerTenant) {
        turn.push(t);
        passed++;
        continue;
      }
      passed = 0;
      const next = t.ready.shift()!;
      if (t.ready.length > 0) turn.push(t);
      else t.inTurn = false;
      active++;
      t.active++;
      const attempt = run(next);
      inFlight.set(next, attempt);
      void attempt.finally(() => {
        inFlight.delete(next);
        active--;
        t.active--;
        tidy(next.job.tenantId, t);
        pump();
      });
    }
  };

  const later = (next: Running, delayMs: number) => {
    const timer = setTimeout(() => {
      waiting.delete(timer);
      makeReady(next);
      pump();
    }, delayMs);
    waiting.set(timer, next);
  };

  const policy: AttemptPolicy = { limits, baseDelayMs, maxRetries, now, breakers, onAttempt: options.onAttempt, onError: options.onError, faults: options.faults };

  /** One attempt; resolves with its outcome (undefined when the webhook is gone or the deliverer closed). */
  async function run({ job, attempt }: Running): Promise<Outcome | undefined> {
    let retryInMs: number | null = null;
    let outcome: Outcome | undefined;
    try {
      const result = await runAttempt(job, attempt, { endpoint: () => job.endpoint(), record: ({ log, content, outcome, held }) => job.record({ log, content, outcome, ...(held && { held }) }), signal: stopped.signal, stopped: () => closed }, policy);
      outcome = result?.outcome;
      retryInMs = result?.retryInMs ?? null;
    } catch (error) {
      // A failure of our own bookkeeping must not become an unhandled rejection; the job ends, and the log says so.
      retryInMs = null;
      options.onError?.(error);
    } finally {
      if (closed) {
        // close() already released every waiter.
      } else if (retryInMs !== null) later({ job, attempt: attempt + 1 }, retryInMs);
      else finish(job);
    }
    return outcome;
  }

  /** Takes a tenant's queued notifications and waiting retries out of the queue and the timers. */
  function takeQueued(tenantId: string): Running[] {
    const taken: Running[] = [];
    for (const [timer, r] of waiting) {
      if (r.job.tenantId !== tenantId) continue;
      clearTimeout(timer);
      waiting.delete(timer);
      taken.push(r);
    }
    const t = tenants.get(tenantId);
    if (t) {
      taken.push(...t.ready.splice(0));
      if (t.inTurn) {
        t.inTurn = false;
        turn.splice(turn.indexOf(t), 1);
      }
    }
    return taken;
  }

  const refusal = (tenantId: string, count: number) =>
    closed ? "the mock is stopping" : pendingRefusal(tenants.get(tenantId)?.pending ?? 0, count, maxPendingPerTenant, { pending, max: maxPending });

  return {
    refusal,
    enqueue(job) {
      if (refusal(job.tenantId, 1) !== undefined) return false;
      pending++;
      tenantOf(job.tenantId).pending++;
      makeReady({ job, attempt: 0 });
      pump();
      return true;
    },
    pending: () => pending,
    idle() {
      if (pending === 0 || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async flush(tenantId) {
      // Attempts in flight first: a failed one's retry then runs now too.
      const outcomes = await Promise.all([...inFlight].filter(([r]) => r.job.tenantId === tenantId).map(([, p]) => p));
      const due = takeQueued(tenantId);
      // At most the tenant's share of attempts at once, like the queue.
      let next = 0;
      const worker = async () => {
        while (next < due.length) outcomes.push(await run(due[next++]!));
      };
      await Promise.all(Array.from({ length: Math.min(maxInFlightPerTenant, due.length) }, worker));
      const attempted = outcomes.filter((o) => o !== undefined).length;
      const delivered = outcomes.filter((o) => o === "delivered").length;
      return { attempted, delivered, failed: attempted - delivered };
    },
    cancel(tenantId) {
      const taken = takeQueued(tenantId).length;
      pending -= taken;
      const t = tenants.get(tenantId);
      if (t) {
        t.pending -= taken;
        tidy(tenantId, t);
      }
      breakers.forget(tenantId);
      settle();
    },
    close() {
      closed = true;
      for (const t of waiting.keys()) clearTimeout(t);
      waiting.clear();
      stopped.abort();
      tenants.clear();
      turn.length = 0;
      pending = 0;
      settle();
    },
  };
}
