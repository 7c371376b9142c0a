// What a client's push history keeps, the same for every store: which notification announces each kind of event,
// and how many events and delivery attempts (by count and by bytes) are kept before the oldest drop out.
import type { NotificationType, SparkEventPayload } from "../../spec/types.js";

/** Which notification type announces each kind of event. */
export const NOTIFICATION_TYPES: Record<SparkEventPayload["payloadType"], NotificationType> = {
  PriceCurve: "PriceCurveCreated",
  UserEligibility: "UserEligibilityUpdated",
  LocationLPC: "LocationLPCRequested",
  ResourceLPC: "ResourceLPCRequested",
  LPCReservation: "LPCReservationCreated",
};

/** How much of its history each client keeps; older events and attempts drop out (newest kept). */
export interface Retention {
  /** Events kept per client. Default 10,000. */
  maxEvents: number;
  /** Webhook delivery attempts kept per client. Default 10,000. */
  maxDeliveryLogs: number;
  /** Bytes of events (their JSON) kept per client; the newest event is always kept. Default 16 MiB. */
  maxEventBytes: number;
  /** Bytes of delivery attempts (log entry and body sent) kept per client; the newest is always kept. Default 16 MiB. */
  maxDeliveryLogBytes: number;
}

export const DEFAULT_RETENTION: Retention = { maxEvents: 10_000, maxDeliveryLogs: 10_000, maxEventBytes: 16 * 1024 * 1024, maxDeliveryLogBytes: 16 * 1024 * 1024 };
