// Webhook deliveries through a Redis-backed job queue, for mocks that share a Redis: today's policy (3 retries,
// exponential backoff from 1 s, 5 s per attempt, every attempt logged), each attempt made by one process, and a
// process killed mid-schedule taken over by another within 30 s.
//
// Why BullMQ rather than a scheduler of our own on Redis: what it takes to survive a crash is exactly what BullMQ
// already does and tests: a job's lock renewed while it runs, a stalled-job check that returns a dead worker's job
// to the queue, delayed retries kept in Redis (so any process runs them when due), atomic moves between states in
// Lua, and job ids that make a repeated enqueue harmless. A scheduler of ours would re-implement each of these,
// with the same races to get right. BullMQ is maintained, MIT, and runs on the ioredis the store already uses.
//
// The attempt itself (signed body, bounded POST, log entry) is mock/push/attempt.ts, shared with the in-memory
// deliverer, so an attempt looks the same whichever runs it.
//
// Fairness between partners, as the in-memory deliverer has it: a job's priority is its partner's number of
// pending notifications when it was published (BullMQ runs lower numbers first, FIFO among equals), so a partner
// with 10,000 notifications queued does not make another partner's first one wait behind them; a process runs at
// most `maxInFlightPerTenant` attempts of one partner at once (a job over it steps aside into the delayed set
// without using an attempt); and a webhook whose receiver keeps timing out is held by this process's circuit breaker.
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { EventNotification } from "../../../spec/types.js";
import { CircuitBreakers, type BreakerOptions } from "../../push/circuit-breaker.js";
import { attemptLimits, runAttempt, type AttemptFaults, type AttemptPolicy, type AttemptReport, type Endpoint, type Outcome } from "../../push/attempt.js";
import type { TargetPolicy } from "../../push/webhook-targets.js";
import type { DeliveryAttempt } from "../state.js";
import type { RedisTarget } from "./url.js";

/** What a job carries: enough to make any attempt from any process (the endpoint is read afresh each time). */
export interface NotificationJob {
  tenantId: string;
  webhookId: string;
  /** The notification minus its send time, which each attempt stamps; its id stays the same across attempts. */
  notification: Omit<EventNotification, "notificationSentUtc">;
}

/** One finished attempt, handed to the store that logs it. */
export interface FinishedAttempt extends DeliveryAttempt {
  job: NotificationJob;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: Outcome;
  /** Not made: the webhook's circuit breaker is open. */
  held?: boolean;
}

export interface RedisDeliveryOptions {
  target: RedisTarget;
  /** BullMQ's key prefix; its braces make one Cluster hash tag of the whole queue. Default `ec:{deliveries}`. */
  prefix?: string;
  /** The webhook as it is now, or undefined once it is deleted or disabled (which ends the job). */
  endpoint(tenantId: string, webhookId: string, notificationId: string): Promise<Endpoint | undefined>;
  /** Logs an attempt; runs before the next one is scheduled. */
  record(attempt: FinishedAttempt): Promise<void>;
  /** Told of every attempt once it is recorded (the mock's log line), with when the next one is due. */
  onAttempt?: (report: AttemptReport) => void;
  /** Told of the queue's and the worker's own errors (Redis unreachable, a failed lock renewal): the mock's log. */
  onError?: (error: unknown) => void;
  /** Delay before the first retry; each further retry waits twice as long. Default 1000. */
  baseDelayMs?: number;
  /** Per-attempt limit from connect to response headers. Default 5000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Attempts this process runs at once. Default 16. */
  concurrency?: number;
  /** Attempts of one partner this process runs at once. Default half of concurrency. */
  maxInFlightPerTenant?: number;
  /** Notifications of one partner pending; beyond this its new events are refused (the store checks). Default 1000. */
  maxPendingPerTenant?: number;
  /** Where deliveries may go (see webhook-targets.ts). Default: anywhere http(s). */
  targets?: TargetPolicy;
  breaker?: BreakerOptions;
  maxResponseBytes?: number;
  /**
   * The clock of a job's tenant (ms since the epoch), read for each attempt: from the store, where any replica may
   * have moved it, not from this process's cache of it. Default Date.now.
   */
  now?: (tenantId: string) => number | Promise<number>;
  /** How long a running attempt's lock lasts unless renewed; a dead process's job is free after it. Default 10000. */
  lockDurationMs?: number;
  /** How often each worker looks for jobs whose lock has lapsed. Default 5000. */
  stalledIntervalMs?: number;
  /** False for a process that only enqueues (no worker). Default true. */
  work?: boolean;
  /** Told of a job failed for stalling that goes back to the queue, before it does (the store marks it pending again). */
  revived?: (job: NotificationJob) => Promise<void>;
  /** The clients' injected faults (mock/faults/faults.ts). */
  faults?: AttemptFaults;
}

export interface RedisDeliveries {
  /**
   * Queues a notification; the notification id is the job id, so queueing it again changes nothing. `ahead`: how
   * many of the partner's notifications are already pending (its place in the fair order; default 0).
   */
  enqueue(job: NotificationJob, ahead?: number): Promise<void>;
  queue: Queue<NotificationJob>;
  worker: Worker<NotificationJob> | undefined;
  /**
   * Stops taking jobs and waits for the attempts in flight, at most `graceMs` (default 5000); then, or at once with
   * `force` (Redis is unreachable: nothing could be recorded), lets go of its connections without waiting for Redis.
   * Jobs left in Redis, those of the attempts cut short too, wait for another process: never failed for it.
   */
  close(options?: { graceMs?: number; force?: boolean }): Promise<void>;
}

/** The queue's name (in BullMQ's keys). */
export const QUEUE_NAME = "webhook-notifications";

/**
 * BullMQ's defaults (30 s lock, 30 s stall check) take about a minute to hand a killed worker's job on. With a
 * 10 s lock and a 5 s check the worst case is ~15 s; an attempt is at most 5 s, and the lock is renewed every 5 s
 * while it runs, so a live worker keeps its job.
 */
const LOCK_DURATION_MS = 10_000;
const STALLED_INTERVAL_MS = 5_000;
/** BullMQ's largest priority. */
const MAX_PRIORITY = 2_097_151;
/** How long a job over its partner's in-flight limit steps aside before it is tried again. */
const STEP_ASIDE_MS = 250;

/**
 * How often a job may be found stalled (its worker died holding it) before BullMQ fails it: never, in effect. A
 * stall is a crash of ours, not an attempt of the notification's; the retries count attempts alone, so a
 * notification is delivered however many replicas die holding it (BullMQ's default, 1, lost it at the second).
 */
const NEVER_FAIL_FOR_STALLING = 1_000_000_000;
/** How BullMQ names that failure (a replica of 0.1.0, still at the old limit during an upgrade, may still cause it). */
const STALL_FAILURE = "job stalled more than allowable limit";

/** How long close() lets the attempts in flight finish before it cuts them short. */
const CLOSE_GRACE_MS = 5000;

/** Whether the work settles (either way) within `ms`; it runs on regardless. */
async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = work.then(
    () => true as const,
    () => true as const,
  );
  const finished = await Promise.race([done, late]);
  clearTimeout(timer);
  return finished;
}

export function createRedisDeliveries(options: RedisDeliveryOptions): RedisDeliveries {
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxRetries = options.maxRetries ?? 3;
  const limits = attemptLimits({ timeoutMs: options.timeoutMs ?? 5000, maxResponseBytes: options.maxResponseBytes ?? 4096, ...(options.targets && { targets: options.targets }) });
  const concurrency = options.concurrency ?? 16;
  const maxInFlightPerTenant = options.maxInFlightPerTenant ?? Math.max(1, Math.floor(concurrency / 2));
  const breakers = new CircuitBreakers(options.breaker);
  /** This process's attempts in flight, per partner. */
  const active = new Map<string, number>();
  const now = options.now ?? Date.now;
  const t = options.target;
  // BullMQ's connections wait for Redis rather than fail a command (it requires maxRetriesPerRequest null).
  const connection: ConnectionOptions = {
    host: t.host,
    port: t.port,
    db: t.db,
    username: t.username,
    password: t.password,
    ...(t.tls && { tls: { servername: t.host } }),
    maxRetriesPerRequest: null,
  };
  const prefix = options.prefix ?? "ec:{deliveries}";
  const queue = new Queue<NotificationJob>(QUEUE_NAME, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: maxRetries + 1,
      backoff: { type: "exponential", delay: baseDelayMs },
      // Kept a while (not removed at once) so that enqueueing a delivered notification again, as an outbox sweep
      // may after a crash between enqueue and cleanup, finds the job id taken and changes nothing.
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { count: 1000 },
    },
  });
  // BullMQ reconnects by itself; its errors are worth a log line, never a crash.
  const onError = (error: unknown) => options.onError?.(error);
  queue.on("error", onError);
  const policy: AttemptPolicy = { limits, baseDelayMs, maxRetries, now, breakers, onAttempt: options.onAttempt, onError, faults: options.faults };

  /** Aborted by a close that stops waiting: the attempts in flight end, unrecorded (their jobs go to another process). */
  const cut = new AbortController();

  async function attempt(job: Job<NotificationJob>, token?: string): Promise<Outcome | "gone"> {
    const tenantId = job.data.tenantId;
    const running = active.get(tenantId) ?? 0;
    if (running >= maxInFlightPerTenant) {
      // The partner has its share of this process's slots: the job steps aside (no attempt used) for the others.
      await job.moveToDelayed(Date.now() + STEP_ASIDE_MS + Math.floor(Math.random() * STEP_ASIDE_MS), token);
      throw new DelayedError();
    }
    active.set(tenantId, running + 1);
    try {
      return await attemptOnce(job);
    } finally {
      const left = (active.get(tenantId) ?? 1) - 1;
      if (left > 0) active.set(tenantId, left);
      else active.delete(tenantId);
    }
  }

  async function attemptOnce(job: Job<NotificationJob>): Promise<Outcome | "gone"> {
    const data = job.data;
    const result = await runAttempt(
      data,
      job.attemptsMade,
      {
        endpoint: () => options.endpoint(data.tenantId, data.webhookId, data.notification.notificationId),
        record: (a) => options.record({ ...a, job: data }),
        signal: cut.signal,
        stopped: () => cut.signal.aborted,
      },
      policy,
    );
    // Cut short by close(): neither logged nor failed; the job's lock lapses and another process makes the attempt.
    if (cut.signal.aborted) return new Promise<never>(() => undefined);
    if (!result) return "gone";
    // A throw is how BullMQ learns that the attempt failed; its exponential backoff then waits baseDelayMs × 2^(n-1)
    // after the n-th attempt, as runAttempt's retryInMs says, and gives up after the last.
    if (result.outcome !== "delivered") throw new Error(`webhook ${data.webhookId}: ${result.outcome}${result.status === null ? "" : ` (HTTP ${result.status})`}`);
    return result.outcome;
  }

  const worker =
    options.work === false
      ? undefined
      : new Worker<NotificationJob>(QUEUE_NAME, attempt, {
          connection,
          prefix,
          concurrency,
          lockDuration: options.lockDurationMs ?? LOCK_DURATION_MS,
          stalledInterval: options.stalledIntervalMs ?? STALLED_INTERVAL_MS,
          maxStalledCount: NEVER_FAIL_FOR_STALLING,
        });
  worker?.on("error", onError);

  /** A job failed for stalling goes back to the queue, its attempts made so far still counted. */
  async function revive(job: Job<NotificationJob>): Promise<void> {
    await options.revived?.(job.data);
    await job.retry("failed");
  }
  worker?.on("failed", (job) => {
    if (job?.failedReason === STALL_FAILURE) void revive(job).catch(() => undefined);
  });
  // Those failed before this process started (by an older replica) go back once a worker is here to run them.
  if (worker) {
    void (async () => {
      for (const job of await queue.getFailed()) if (job.failedReason === STALL_FAILURE) await revive(job);
    })().catch(() => undefined);
  }

  return {
    async enqueue(job, ahead = 0) {
      await queue.add("notification", job, { jobId: job.notification.notificationId, priority: Math.min(MAX_PRIORITY, 1 + ahead) });
    },
    queue,
    worker,
    async close({ graceMs = CLOSE_GRACE_MS, force = false } = {}) {
      // Graceful: stop taking jobs, let the attempts in flight finish, QUIT. With Redis away QUIT waits for it forever.
      const graceful = (async () => {
        await worker?.close();
        await queue.close();
      })();
      graceful.catch(() => undefined);
      if (!force && (await finishesWithin(graceful, graceMs))) return;
      // Forced: the connections are dropped first, so that no attempt cut short below can still tell Redis it failed.
      await Promise.all([worker?.disconnect(), queue.disconnect()].map((p) => finishesWithin(p ?? Promise.resolve(), 500)));
      cut.abort();
    },
  };
}
