// The webhook deliverer: signs and POSTs notifications off the request path, retries with exponential backoff,
// and logs every attempt. A hostile receiver (hangs, resets, redirects, huge bodies, refused connections) only
// ever costs its own log entries: attempts are bounded in time, in bytes read and in number in flight.
import type { EventNotification, WebhookNotificationLog, WebhookStatus } from "../spec/types.js";
import { runAttempt, type AttemptFaults, type AttemptPolicy, type AttemptReport, type Endpoint, type Outcome } from "./webhook-attempt.js";

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
  /** Notifications accepted but not finished; beyond this new ones are dropped. Default 10000. */
  maxPending?: number;
  /** Response bytes read (and thrown away) before the connection is closed. Default 4096. */
  maxResponseBytes?: number;
  /** The clock for timestamps (ms since the epoch) of a job's tenant. Default Date.now. */
  now?: (tenantId: string) => number;
  /** Told of every attempt once it ends (the mock's log line), with when the next one is due. */
  onAttempt?: (report: AttemptReport) => void;
  /** Told of a failure in the deliverer's own bookkeeping (the job ends; the mock's log shows it). */
  onError?: (error: unknown) => void;
  /** The clients' injected faults (mock/faults.ts). */
  faults?: AttemptFaults;
}

export interface Attempt {
  log: WebhookNotificationLog;
  /** The exact body sent. */
  content: string;
  outcome: Outcome;
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
  /** Queues a notification; never waits for it. False when the queue is full and it was dropped. */
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

/** The webhook status that an attempt leaves behind. */
export function statusAfter(outcome: Outcome): WebhookStatus {
  return outcome === "delivered" ? "Healthy" : outcome === "timeout" ? "TimeOut" : "Unhealthy";
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

export function createDeliverer(options: DeliveryOptions = {}): Deliverer {
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxRetries = options.maxRetries ?? 3;
  const maxInFlight = options.maxInFlight ?? 16;
  const maxPending = options.maxPending ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 4096;
  const now = options.now ?? Date.now;

  const ready: Running[] = [];
  /** Retries waiting for their back-off delay. */
  const waiting = new Map<NodeJS.Timeout, Running>();
  const inFlight = new Map<Running, Promise<Outcome | undefined>>();
  /** Aborted by close(): every attempt in flight ends at once. */
  const stopped = new AbortController();
  const limits = { timeoutMs, maxResponseBytes };
  let waiters: (() => void)[] = [];
  let active = 0;
  let pending = 0;
  let closed = false;

  const settle = () => {
    if (pending > 0 && !closed) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const finish = () => {
    pending--;
    settle();
  };

  const pump = () => {
    while (!closed && active < maxInFlight && ready.length > 0) {
      const next = ready.shift()!;
      active++;
      const attempt = run(next);
      inFlight.set(next, attempt);
      void attempt.finally(() => {
        inFlight.delete(next);
        active--;
        pump();
      });
    }
  };

  const later = (next: Running, delayMs: number) => {
    const timer = setTimeout(() => {
      waiting.delete(timer);
      ready.push(next);
      pump();
    }, delayMs);
    waiting.set(timer, next);
  };

  const policy: AttemptPolicy = { limits, baseDelayMs, maxRetries, now, onAttempt: options.onAttempt, onError: options.onError, faults: options.faults };

  /** One attempt; resolves with its outcome (undefined when the webhook is gone or the deliverer closed). */
  async function run({ job, attempt }: Running): Promise<Outcome | undefined> {
    let retryInMs: number | null = null;
    let outcome: Outcome | undefined;
    try {
      const result = await runAttempt(job, attempt, { endpoint: () => job.endpoint(), record: ({ log, content, outcome }) => job.record({ log, content, outcome }), signal: stopped.signal, stopped: () => closed }, policy);
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
      else finish();
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
    const others = ready.filter((r) => r.job.tenantId !== tenantId);
    taken.push(...ready.filter((r) => r.job.tenantId === tenantId));
    ready.splice(0, ready.length, ...others);
    return taken;
  }

  return {
    enqueue(job) {
      if (closed || pending >= maxPending) return false;
      pending++;
      ready.push({ job, attempt: 0 });
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
      // At most maxInFlight at once, like the queue.
      let next = 0;
      const worker = async () => {
        while (next < due.length) outcomes.push(await run(due[next++]!));
      };
      await Promise.all(Array.from({ length: Math.min(maxInFlight, due.length) }, worker));
      const attempted = outcomes.filter((o) => o !== undefined).length;
      const delivered = outcomes.filter((o) => o === "delivered").length;
      return { attempted, delivered, failed: attempted - delivered };
    },
    cancel(tenantId) {
      pending -= takeQueued(tenantId).length;
      settle();
    },
    close() {
      closed = true;
      for (const t of waiting.keys()) clearTimeout(t);
      waiting.clear();
      stopped.abort();
      ready.length = 0;
      pending = 0;
      settle();
    },
  };
}
