// The push half's state, per client: events, webhooks, delivery attempts, reports and the simulated data set.
// One PushStore per app (never module scope); publishing an event stores it and hands one notification per
// subscribed webhook to the deliverer, which runs off the request path.
import type { LocationRecord, ResourceRecord, UserRecord } from "./store.js";
import { randomUUID } from "node:crypto";
import type { NotificationType, SparkEventPayload, SparkReportPayload, WebhookNotificationLog, WebhookStatus } from "../spec/types.js";
import { createDeliverer, statusAfter, type Deliverer, type DeliveryOptions, type FlushResult } from "./delivery.js";

/** Which notification type announces each kind of event. */
export const NOTIFICATION_TYPES: Record<SparkEventPayload["payloadType"], NotificationType> = {
  PriceCurve: "PriceCurveCreated",
  UserEligibility: "UserEligibilityUpdated",
  LocationLPC: "LocationLPCRequested",
  ResourceLPC: "ResourceLPCRequested",
  LPCReservation: "LPCReservationCreated",
};

/** Delivery attempts kept per client; the oldest go first. */
const MAX_ATTEMPTS_KEPT = 10_000;

export interface StoredEvent {
  id: string;
  createdAt: string;
  payload: SparkEventPayload;
}

export interface StoredWebhook {
  webhookId: string;
  webhookUrl: string;
  name: string | null;
  secret: string | null;
  notificationTypes: NotificationType[];
  enabled: boolean;
  status: WebhookStatus;
  createdDate: string;
  modifiedDate: string;
  lastAnalyzedTimestamp: string;
}

export interface StoredAttempt {
  log: WebhookNotificationLog;
  /** The exact body sent. */
  content: string;
}

export interface StoredReport {
  id: string;
  eventId: string;
  createdAt: string;
  payloads: SparkReportPayload[];
}

/**
 * What POST /simulation/partner created, so DELETE removes exactly that: the stored records themselves, so that
 * an object the partner deleted and created again under the same id is not mistaken for the simulated one.
 */
export interface SimulatedData {
  users: UserRecord[];
  locations: { userId: string; record: LocationRecord }[];
  resources: ResourceRecord[];
}

export class ClientPush {
  /** Oldest first; lists read it backwards. */
  readonly events: StoredEvent[] = [];
  readonly eventsById = new Map<string, StoredEvent>();
  readonly webhooks = new Map<string, StoredWebhook>();
  /** Every delivery attempt, oldest first. */
  readonly attempts: StoredAttempt[] = [];
  /** notificationId → its latest attempt. */
  readonly latestAttempt = new Map<string, StoredAttempt>();
  readonly reports: StoredReport[] = [];
  /** The eligible users announced by the previous UserEligibility event. */
  eligibleAtLastEvent: ReadonlySet<string> = new Set();
  readonly simulated: SimulatedData[] = [];

  constructor(readonly clientId: string) {}

  addAttempt(attempt: StoredAttempt): void {
    this.attempts.push(attempt);
    if (attempt.log.notificationId) this.latestAttempt.set(attempt.log.notificationId, attempt);
    if (this.attempts.length > MAX_ATTEMPTS_KEPT) {
      const dropped = this.attempts.shift()!;
      const id = dropped.log.notificationId;
      if (id && this.latestAttempt.get(id) === dropped) this.latestAttempt.delete(id);
    }
  }
}

export interface PushStoreOptions {
  /** A client's clock. */
  now: (clientId: string) => number;
  delivery?: DeliveryOptions;
}

export class PushStore {
  private readonly clients = new Map<string, ClientPush>();
  private readonly deliverer: Deliverer;
  private readonly now: (clientId: string) => number;

  constructor(options: PushStoreOptions) {
    this.now = options.now;
    this.deliverer = createDeliverer({ now: options.now, ...options.delivery });
  }

  /** The client's state, created on first use. */
  client(clientId: string): ClientPush {
    let c = this.clients.get(clientId);
    if (!c) {
      c = new ClientPush(clientId);
      this.clients.set(clientId, c);
    }
    return c;
  }

  /** Stores a new event for the client and notifies its enabled webhooks that subscribe to its type. */
  publish(clientId: string, payload: SparkEventPayload): StoredEvent {
    const client = this.client(clientId);
    const event: StoredEvent = { id: randomUUID(), createdAt: new Date(this.now(clientId)).toISOString(), payload };
    client.events.push(event);
    client.eventsById.set(event.id, event);
    const notificationType = NOTIFICATION_TYPES[payload.payloadType];
    for (const webhook of client.webhooks.values()) {
      if (!webhook.enabled || !webhook.notificationTypes.includes(notificationType)) continue;
      const { webhookId } = webhook;
      this.deliverer.enqueue({
        webhookId,
        tenantId: clientId,
        notification: { notificationId: randomUUID(), eventId: event.id, eventCreatedAtUtc: event.createdAt, notificationType, payload },
        endpoint: () => {
          const w = client.webhooks.get(webhookId);
          return w?.enabled ? { url: w.webhookUrl, secret: w.secret } : undefined;
        },
        record: ({ log, content, outcome }) => {
          client.addAttempt({ log, content });
          const w = client.webhooks.get(webhookId);
          if (w) {
            w.status = statusAfter(outcome);
            w.lastAnalyzedTimestamp = new Date(this.now(clientId)).toISOString();
          }
        },
      });
    }
    return event;
  }

  /** Runs the client's pending deliveries and retries now (see Deliverer.flush). */
  deliverNow(clientId: string): Promise<FlushResult> {
    return this.deliverer.flush(clientId);
  }

  /** Forgets everything of the client and cancels its pending deliveries (the control API's reset). */
  clear(clientId: string): void {
    this.deliverer.cancel(clientId);
    // An attempt still in flight finds no webhook for its retry and ends.
    this.clients.get(clientId)?.webhooks.clear();
    this.clients.delete(clientId);
  }

  /** Resolves when every notification so far is delivered or given up. */
  /** Webhook notifications accepted and not yet delivered or given up. */
  pendingDeliveries(): number {
    return this.deliverer.pending();
  }

  idle(): Promise<void> {
    return this.deliverer.idle();
  }

  /** Stops deliveries and their timers. */
  close(): void {
    this.deliverer.close();
  }
}
