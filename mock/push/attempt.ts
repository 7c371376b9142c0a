// One webhook delivery attempt, without any queue: the notification as sent (the spec's field order, this attempt's
// send time, signed), the bounded HTTP POST, and the log entry it leaves. The in-memory deliverer and any other
// queue of deliveries share these, so an attempt looks the same whichever runs it.
import http from "node:http";
import type { LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import https from "node:https";
import type { EventNotification, WebhookNotificationLog } from "../../spec/types.js";
import { SIGNATURE_HEADER, signPayload } from "./signature.js";
import { connectLookup, targetProblem, type TargetPolicy } from "./webhook-targets.js";

export type Outcome = "delivered" | "failed" | "timeout";

/** What the receiver did: its status (null when none came) and whether the attempt ran out of time. */
export interface PostResult {
  status: number | null;
  timedOut: boolean;
}

export interface PostLimits {
  /** From connect to response headers. */
  timeoutMs: number;
  /** Response bytes read (and thrown away) before the connection is closed. */
  maxResponseBytes: number;
  /** Where deliveries may go: checked on the URL before connecting and on the resolved address (see webhook-targets.ts). */
  targets?: TargetPolicy;
}

/** The limits of a deliverer, with the target policy's connect-time lookup built once. */
export interface AttemptLimits extends PostLimits {
  lookup?: LookupFunction;
}

/** Builds a deliverer's attempt limits once. */
export function attemptLimits(limits: PostLimits): AttemptLimits {
  const lookup = limits.targets && connectLookup(limits.targets);
  return lookup ? { ...limits, lookup } : limits;
}

/** The notification of an attempt, serialized as sent, and its signature (null without a secret). */
export function signedNotification(
  n: Omit<EventNotification, "notificationSentUtc">,
  sentAt: string,
  secret: string | null | undefined,
): { content: string; body: Buffer; signature: string | null } {
  const notification: EventNotification = {
    notificationId: n.notificationId,
    eventId: n.eventId,
    eventCreatedAtUtc: n.eventCreatedAtUtc,
    notificationSentUtc: sentAt,
    notificationType: n.notificationType,
    payload: n.payload,
  };
  const content = JSON.stringify(notification);
  const body = Buffer.from(content, "utf8");
  return { content, body, signature: secret ? signPayload(secret, body) : null };
}

export const outcomeOf = (r: PostResult): Outcome => (r.status === 200 ? "delivered" : r.timedOut ? "timeout" : "failed");

/** The log entry of a finished attempt, as GET /webhooks/logs shows it. */
export function attemptLog(a: {
  webhookId: string;
  tenantId: string;
  notification: Omit<EventNotification, "notificationSentUtc">;
  url: string;
  sentAt: string;
  signature: string | null;
  result: PostResult;
  durationMs: number;
}): WebhookNotificationLog {
  return {
    webhookId: a.webhookId,
    tenantId: a.tenantId,
    partnerEventId: a.notification.eventId,
    notificationId: a.notification.notificationId,
    notificationType: a.notification.notificationType,
    notificationSent: a.sentAt,
    sparkSignature: a.signature,
    webhookUrl: a.url,
    requestTimeout: a.result.timedOut,
    responseStatusCode: a.result.status,
    requestDurationMs: a.durationMs,
  };
}

/**
 * POSTs the body to the URL on a connection of its own. Never rejects and never takes longer than the timeout:
 * hangs, resets, redirects and huge bodies all end as a result. An aborted signal ends the attempt at once.
 */
export function postSigned(url: string, body: Buffer, signature: string | null, limits: AttemptLimits, signal?: AbortSignal, fault?: string): Promise<PostResult> {
  return new Promise((resolve) => {
    let status: number | null = null;
    let settled = false;
    let req: http.ClientRequest | undefined;
    const done = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      req?.destroy();
      resolve({ status, timedOut });
    };
    // A body that never ends after the headers came is not a timeout: the answer is already known.
    const timer = setTimeout(() => done(status === null), limits.timeoutMs);
    const abort = () => done(false);
    if (signal?.aborted) return done(false);
    signal?.addEventListener("abort", abort);
    try {
      const target = new URL(url);
      const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : undefined;
      if (!client) return done(false);
      // A URL stored before the policy (or from another process) is checked again: refused, it never connects.
      if (limits.targets && targetProblem(target, limits.targets) !== undefined) return done(false);
      const headers: Record<string, string | number> = { "Content-Type": "application/json", "Content-Length": body.length };
      if (signature) headers[SIGNATURE_HEADER] = signature;
      if (fault) headers["X-Mock-Fault"] = fault;
      // agent: false gives each attempt its own connection, so no receiver can tie up a shared pool.
      req = client.request(target, { method: "POST", headers, agent: false, ...(limits.lookup && { lookup: limits.lookup }) });
      req.on("error", () => done(false));
      req.on("response", (res) => {
        status = res.statusCode ?? null;
        let seen = 0;
        res.on("data", (chunk: Buffer) => {
          seen += chunk.length;
          if (seen >= limits.maxResponseBytes) done(false);
        });
        res.on("end", () => done(false));
        res.on("error", () => done(false));
        res.on("aborted", () => done(false));
      });
      req.end(body);
    } catch {
      done(false);
    }
  });
}

/** What one attempt needs to know of its notification. */
export interface AttemptJob {
  webhookId: string;
  tenantId: string;
  /** The notification minus its send time, which each attempt stamps. */
  notification: Omit<EventNotification, "notificationSentUtc">;
}

/** Where a webhook sends now; read before every attempt so an edit, disable or delete takes effect at once. */
export interface Endpoint {
  url: string;
  secret: string | null | undefined;
}

/** One finished attempt, as it is recorded. */
export interface RecordedAttempt {
  log: WebhookNotificationLog;
  /** The exact body sent. */
  content: string;
  outcome: Outcome;
  /** 1 for the first attempt. */
  attempt: number;
  /** The attempt was not made: the webhook's circuit breaker is open (its receiver keeps timing out). */
  held?: boolean;
}

/** One finished attempt as the log line tells it. */
export interface AttemptReport {
  job: AttemptJob;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The first attempt plus the retries allowed. */
  attempts: number;
  outcome: Outcome;
  status: number | null;
  durationMs: number;
  nextRetryInMs: number | null;
  /** The faults injected into the attempt (mock/faults/faults.ts), comma-separated. */
  fault?: string;
}

/** What a client's faults do to one attempt (mock/faults/faults.ts decides; the delay and hold-back are already waited out). */
export interface AttemptFault {
  kinds: string[];
  /** Fail on the mock's side: no POST, recorded as a failed attempt with no status. */
  fail: boolean;
  /** Send the notification a second time once it is delivered (same notificationId and body). */
  duplicate: boolean;
  /** Called once the attempt's POST is made (frees a notification held back for it). */
  sent(): void;
}

/** What an attempt asks of the deliverer's circuit breakers (circuit-breaker.ts implements it). */
export interface AttemptBreakers {
  /** The breaker of one webhook's receiver. */
  key(tenantId: string, webhookId: string, url: string): string;
  /** False while the breaker is open: the attempt is held, not made. */
  allow(key: string): boolean;
  /** Tells the breaker how a made attempt ended. */
  record(key: string, outcome: Outcome): void;
}

/** Where an attempt asks for its faults. */
export interface AttemptFaults {
  begin(job: AttemptJob, attempt: number, signal?: AbortSignal): Promise<AttemptFault | undefined>;
}

/** The policy every queue of deliveries applies to an attempt. */
export interface AttemptPolicy {
  limits: AttemptLimits;
  /** The deliverer's circuit breakers: a webhook whose receiver keeps timing out is held off (circuit-breaker.ts). */
  breakers?: AttemptBreakers | undefined;
  /** Delay before the first retry; each further retry waits twice as long. */
  baseDelayMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The clock of a job's tenant (ms since the epoch); read from the store by the Redis queue. */
  now: (tenantId: string) => number | Promise<number>;
  /** Told of every attempt once it is recorded (the mock's log line). */
  onAttempt?: ((report: AttemptReport) => void) | undefined;
  /** Told of a failure that does not change the delivery (a log line that could not be written). */
  onError?: ((error: unknown) => void) | undefined;
  /** The clients' injected faults (delay, hold-back, failure, duplicate), if any. */
  faults?: AttemptFaults | undefined;
}

/** How an attempt ended: its outcome, and when the next one is due (null: no retry). */
export interface AttemptResult {
  outcome: Outcome;
  status: number | null;
  retryInMs: number | null;
}

/**
 * One attempt as every queue makes it: reads the endpoint (undefined: the webhook is gone, no attempt), signs and
 * posts the notification, records the attempt, reports it, and says when the retry is due. `attempt` is 0 for the
 * first. `stopped` is asked after the POST: a queue that was closed meanwhile records nothing.
 */
export async function runAttempt(
  job: AttemptJob,
  attempt: number,
  steps: {
    endpoint: () => Endpoint | undefined | Promise<Endpoint | undefined>;
    record: (attempt: RecordedAttempt) => void | Promise<void>;
    signal?: AbortSignal | undefined;
    stopped?: () => boolean;
  },
  policy: AttemptPolicy,
): Promise<AttemptResult | undefined> {
  const fault = await policy.faults?.begin(job, attempt, steps.signal);
  const endpoint = await steps.endpoint();
  if (!endpoint) {
    fault?.sent();
    return undefined;
  }
  const sentAt = new Date(await policy.now(job.tenantId)).toISOString();
  const { content, body, signature } = signedNotification(job.notification, sentAt, endpoint.secret);
  const breaker = policy.breakers?.key(job.tenantId, job.webhookId, endpoint.url);
  const held = breaker !== undefined && !policy.breakers!.allow(breaker);
  const started = performance.now();
  const marked = fault?.kinds.filter((k) => k !== "fail").join(", ") || undefined;
  // A held attempt (or one the client's faults fail) is logged as made and failed at once, without a connection.
  const result = fault?.fail || held ? { status: null, timedOut: false } : await postSigned(endpoint.url, body, signature, policy.limits, steps.signal, marked);
  const durationMs = Math.round(performance.now() - started);
  fault?.sent();
  const outcome = outcomeOf(result);
  if (breaker !== undefined && !held && !fault?.fail) policy.breakers!.record(breaker, outcome);
  // The repeat a receiver must drop by notificationId: the same bytes again, not an attempt of its own in the log.
  if (fault?.duplicate && outcome === "delivered" && !steps.stopped?.()) await postSigned(endpoint.url, body, signature, policy.limits, steps.signal, "duplicate");
  if (steps.stopped?.()) return undefined;
  const log = attemptLog({ ...job, url: endpoint.url, sentAt, signature, result, durationMs });
  await steps.record({ log, content, outcome, attempt: attempt + 1, ...(held && { held }) });
  const retryInMs = outcome !== "delivered" && attempt < policy.maxRetries ? policy.baseDelayMs * 2 ** attempt : null;
  const faulted = fault ? [...fault.kinds, ...(fault.duplicate && outcome === "delivered" ? ["duplicate"] : [])].join(", ") : "";
  try {
    policy.onAttempt?.({ job, url: endpoint.url, attempt: attempt + 1, attempts: policy.maxRetries + 1, outcome, status: result.status, durationMs, nextRetryInMs: retryInMs, ...(faulted && { fault: faulted }) });
  } catch (error) {
    // A log line that cannot be written must not change the delivery.
    policy.onError?.(error);
  }
  return { outcome, status: result.status, retryInMs };
}
