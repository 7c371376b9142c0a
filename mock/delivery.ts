// The webhook deliverer: signs and POSTs notifications off the request path, retries with exponential backoff,
// and logs every attempt. A hostile receiver (hangs, resets, redirects, huge bodies, refused connections) only
// ever costs its own log entries: attempts are bounded in time, in bytes read and in number in flight.
import { performance } from "node:perf_hooks";
import type { EventNotification, WebhookNotificationLog, WebhookStatus } from "../spec/types.js";
import { attemptLog, outcomeOf, postSigned, signedNotification, type Outcome } from "./webhook-attempt.js";

export type { Outcome };

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
}

/** One finished attempt as the log tells it. */
export interface AttemptReport {
  /** What the log line names of the notification (any queue of deliveries can give this much). */
  job: Pick<DeliveryJob, "webhookId" | "tenantId" | "notification">;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The first attempt plus the retries allowed. */
  attempts: number;
  outcome: Outcome;
  status: number | null;
  durationMs: number;
  nextRetryInMs: number | null;
}

/** Where a webhook sends now; read before every attempt so an edit, disable or delete takes effect at once. */
export interface Endpoint {
  url: string;
  secret: string | null | undefined;
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

  /** One attempt; resolves with its outcome (undefined when the webhook is gone or the deliverer closed). */
  async function run({ job, attempt }: Running): Promise<Outcome | undefined> {
    let retry = false;
    let outcome: Outcome | undefined;
    try {
      const endpoint = job.endpoint();
      if (!endpoint) return undefined;
      const sentAt = new Date(now(job.tenantId)).toISOString();
      const { content, body, signature } = signedNotification(job.notification, sentAt, endpoint.secret);
      const started = performance.now();
      const result = await postSigned(endpoint.url, body, signature, limits, stopped.signal);
      if (closed) return undefined;
      outcome = outcomeOf(result);
      const durationMs = Math.round(performance.now() - started);
      job.record({ outcome, content, log: attemptLog({ ...job, url: endpoint.url, sentAt, signature, result, durationMs }) });
      retry = outcome !== "delivered" && attempt < maxRetries;
      try {
        options.onAttempt?.({ job, url: endpoint.url, attempt: attempt + 1, attempts: maxRetries + 1, outcome, status: result.status, durationMs, nextRetryInMs: retry ? baseDelayMs * 2 ** attempt : null });
      } catch {
        // A log line that cannot be written must not change the delivery.
      }
    } catch {
      // A failure of our own bookkeeping must not become an unhandled rejection; the job simply ends.
      retry = false;
    } finally {
      if (closed) {
        // close() already released every waiter.
      } else if (retry) later({ job, attempt: attempt + 1 }, baseDelayMs * 2 ** attempt);
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
