// One webhook delivery attempt, without any queue: the notification as sent (the spec's field order, this attempt's
// send time, signed), the bounded HTTP POST, and the log entry it leaves. The in-memory deliverer and any other
// queue of deliveries share these, so an attempt looks the same whichever runs it.
import http from "node:http";
import type { LookupFunction } from "node:net";
import https from "node:https";
import type { EventNotification, WebhookNotificationLog } from "../spec/types.js";
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
export function postSigned(url: string, body: Buffer, signature: string | null, limits: AttemptLimits, signal?: AbortSignal): Promise<PostResult> {
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
