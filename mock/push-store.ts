// The push half's state, per client: events, webhooks, delivery attempts, reports and the simulated data set.
// One PushStore per app (never module scope); publishing an event stores it and hands one notification per
// subscribed webhook to the deliverer, which runs off the request path.
import type { LocationRecord, ResourceRecord, UserRecord } from "./store.js";
import { randomUUID } from "node:crypto";
import type { NotificationType, SparkEventPayload, SparkReportPayload, WebhookNotificationLog, WebhookStatus } from "../spec/types.js";
import { createDeliverer, statusAfter, type Deliverer, type DeliveryOptions, type FlushResult } from "./delivery.js";
import type { PageMemo } from "./pagination.js";
import { Retained } from "./retained.js";

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
}

export const DEFAULT_RETENTION: Retention = { maxEvents: 10_000, maxDeliveryLogs: 10_000 };

export interface StoredEvent {
  id: string;
  createdAt: string;
  /**
   * The event as the API shows it (`{id, createdAt, payload}`), serialized once to UTF-8 JSON: events never change,
   * and pages are assembled from these bytes. A page of 100 price curves is ~150 KB: stringified per request it
   * cost more than sending it, and as one string it lands in V8's large-object space, which the CLI's heap settings
   * collect often. The payload lives only here (`payloadOf` reads it back): as objects, a price curve's points cost
   * ~2.5 KB of heap per event, times 10,000 events per client.
   */
  json: Buffer;
}

/** The payload of a stored event, parsed from its JSON (compensation reads the price curves of reported events). */
export function payloadOf(event: StoredEvent): SparkEventPayload {
  return (JSON.parse(event.json.toString("utf8")) as { payload: SparkEventPayload }).payload;
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
  /** `log` serialized once to UTF-8 JSON (attempts never change), for pages of logs. */
  logJson: Buffer;
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
  /** The newest events, oldest first; lists read it backwards. */
  readonly events: Retained<StoredEvent>;
  /** The events kept, by id (a dropped event is gone from here too). */
  readonly eventsById = new Map<string, StoredEvent>();
  readonly webhooks = new Map<string, StoredWebhook>();
  /** The newest delivery attempts, oldest first. */
  readonly attempts: Retained<StoredAttempt>;
  /** notificationId → its latest attempt still kept. */
  readonly latestAttempt = new Map<string, StoredAttempt>();
  /** The last page of events and of delivery logs assembled (polling asks for the same page again and again). */
  readonly eventsPage: { page?: PageMemo } = {};
  readonly logsPage: { page?: PageMemo } = {};
  readonly reports: StoredReport[] = [];
  /** The eligible users announced by the previous UserEligibility event. */
  eligibleAtLastEvent: ReadonlySet<string> = new Set();
  readonly simulated: SimulatedData[] = [];

  constructor(
    readonly clientId: string,
    readonly retention: Retention = DEFAULT_RETENTION,
  ) {
    this.events = new Retained(retention.maxEvents);
    this.attempts = new Retained(retention.maxDeliveryLogs);
  }

  addEvent(event: StoredEvent): void {
    this.eventsById.set(event.id, event);
    const dropped = this.events.push(event);
    if (dropped) this.eventsById.delete(dropped.id);
  }

  addAttempt(log: WebhookNotificationLog, content: string): StoredAttempt {
    const attempt: StoredAttempt = { log, logJson: Buffer.from(JSON.stringify(log)), content };
    if (log.notificationId) this.latestAttempt.set(log.notificationId, attempt);
    const dropped = this.attempts.push(attempt);
    const id = dropped?.log.notificationId;
    if (id && this.latestAttempt.get(id) === dropped) this.latestAttempt.delete(id);
    return attempt;
  }
}

export interface PushStoreOptions {
  /** A client's clock. */
  now: (clientId: string) => number;
  delivery?: DeliveryOptions;
  retention?: Retention;
}

export class PushStore {
  private readonly clients = new Map<string, ClientPush>();
  private readonly deliverer: Deliverer;
  private readonly now: (clientId: string) => number;
  private readonly retention: Retention;

  constructor(options: PushStoreOptions) {
    this.now = options.now;
    this.retention = options.retention ?? DEFAULT_RETENTION;
    this.deliverer = createDeliverer({ now: options.now, ...options.delivery });
  }

  /** The client's state, created on first use. */
  client(clientId: string): ClientPush {
    let c = this.clients.get(clientId);
    if (!c) {
      c = new ClientPush(clientId, this.retention);
      this.clients.set(clientId, c);
    }
    return c;
  }

  /** Stores a new event for the client and notifies its enabled webhooks that subscribe to its type. */
  publish(clientId: string, payload: SparkEventPayload): StoredEvent {
    const client = this.client(clientId);
    const id = randomUUID();
    const createdAt = new Date(this.now(clientId)).toISOString();
    const event: StoredEvent = { id, createdAt, json: Buffer.from(JSON.stringify({ id, createdAt, payload })) };
    client.addEvent(event);
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
          client.addAttempt(log, content);
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

  /** Webhook notifications accepted and not yet delivered or given up. */
  pendingDeliveries(): number {
    return this.deliverer.pending();
  }

  /** Resolves when every notification so far is delivered or given up. */
  idle(): Promise<void> {
    return this.deliverer.idle();
  }

  /** Stops deliveries and their timers. */
  close(): void {
    this.deliverer.close();
  }
}
