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
// The attempt itself (signed body, bounded POST, log entry) is mock/webhook-attempt.ts, shared with the in-memory
// deliverer, so an attempt looks the same whichever runs it.
//
// Fairness between partners, as the in-memory deliverer has it: a job's priority is its partner's number of
// pending notifications when it was published (BullMQ runs lower numbers first, FIFO among equals), so a partner
// with 10,000 notifications queued does not make another partner's first one wait behind them; a process runs at
// most `maxInFlightPerTenant` attempts of one partner at once (a job over it steps aside into the delayed set
// without using an attempt); and a webhook whose receiver keeps timing out is held by this process's circuit breaker.
import { performance } from "node:perf_hooks";
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { EventNotification } from "../../spec/types.js";
import type { AttemptReport, Endpoint } from "../delivery.js";
import { CircuitBreakers, type BreakerOptions } from "../circuit-breaker.js";
import { attemptLimits, attemptLog, outcomeOf, postSigned, signedNotification, type Outcome } from "../webhook-attempt.js";
import type { TargetPolicy } from "../webhook-targets.js";
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
  /** The clock of a job's tenant (ms since the epoch). Default Date.now. */
  now?: (tenantId: string) => number;
  /** How long a running attempt's lock lasts unless renewed; a dead process's job is free after it. Default 10000. */
  lockDurationMs?: number;
  /** How often each worker looks for jobs whose lock has lapsed. Default 5000. */
  stalledIntervalMs?: number;
  /** False for a process that only enqueues (no worker). Default true. */
  work?: boolean;
}

export interface RedisDeliveries {
  /**
   * Queues a notification; the notification id is the job id, so queueing it again changes nothing. `ahead`: how
   * many of the partner's notifications are already pending (its place in the fair order; default 0).
   */
  enqueue(job: NotificationJob, ahead?: number): Promise<void>;
  queue: Queue<NotificationJob>;
  worker: Worker<NotificationJob> | undefined;
  /** Stops taking jobs and waits for the attempts in flight; jobs left in Redis wait for another process. */
  close(): Promise<void>;
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
  queue.on("error", () => {});

  async function attempt(job: Job<NotificationJob>, token?: string, signal?: AbortSignal): Promise<Outcome | "gone"> {
    const tenantId = job.data.tenantId;
    const running = active.get(tenantId) ?? 0;
    if (running >= maxInFlightPerTenant) {
      // The partner has its share of this process's slots: the job steps aside (no attempt used) for the others.
      await job.moveToDelayed(Date.now() + STEP_ASIDE_MS + Math.floor(Math.random() * STEP_ASIDE_MS), token);
      throw new DelayedError();
    }
    active.set(tenantId, running + 1);
    try {
      return await attemptOnce(job, signal);
    } finally {
      const left = (active.get(tenantId) ?? 1) - 1;
      if (left > 0) active.set(tenantId, left);
      else active.delete(tenantId);
    }
  }

  async function attemptOnce(job: Job<NotificationJob>, signal?: AbortSignal): Promise<Outcome | "gone"> {
    const data = job.data;
    const endpoint = await options.endpoint(data.tenantId, data.webhookId, data.notification.notificationId);
    if (!endpoint) return "gone";
    const sentAt = new Date(now(data.tenantId)).toISOString();
    const { content, body, signature } = signedNotification(data.notification, sentAt, endpoint.secret);
    const breaker = breakers.key(data.tenantId, data.webhookId, endpoint.url);
    const held = !breakers.allow(breaker);
    const started = performance.now();
    // A held attempt is logged as made and failed at once, without a connection: the job keeps its retry schedule.
    const result = held ? { status: null, timedOut: false } : await postSigned(endpoint.url, body, signature, limits, signal);
    const durationMs = Math.round(performance.now() - started);
    const outcome = outcomeOf(result);
    if (!held) breakers.record(breaker, outcome);
    const log = attemptLog({ webhookId: data.webhookId, tenantId: data.tenantId, notification: data.notification, url: endpoint.url, sentAt, signature, result, durationMs });
    const n = job.attemptsMade + 1;
    await options.record({ job: data, attempt: n, outcome, content, log, ...(held && { held }) });
    try {
      // BullMQ's exponential backoff waits baseDelayMs × 2^(n-1) after the n-th attempt fails, as the in-memory queue does.
      options.onAttempt?.({ job: data, url: endpoint.url, attempt: n, attempts: maxRetries + 1, outcome, status: result.status, durationMs, nextRetryInMs: outcome !== "delivered" && n <= maxRetries ? baseDelayMs * 2 ** (n - 1) : null });
    } catch {
      // A log line that cannot be written must not change the delivery.
    }
    // A throw is how BullMQ learns that the attempt failed; it schedules the retry (or gives up) itself.
    if (outcome !== "delivered") throw new Error(`webhook ${data.webhookId}: ${outcome}${result.status === null ? "" : ` (HTTP ${result.status})`}`);
    return outcome;
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
          maxStalledCount: 1,
        });
  worker?.on("error", () => {});

  return {
    async enqueue(job, ahead = 0) {
      await queue.add("notification", job, { jobId: job.notification.notificationId, priority: Math.min(MAX_PRIORITY, 1 + ahead) });
    },
    queue,
    worker,
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}
