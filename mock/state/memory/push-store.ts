// The push half's state, per client: events, webhooks, delivery attempts, reports and the simulated data set.
// One PushStore per app (never module scope); publishing an event stores it and hands one notification per
// subscribed webhook to the deliverer, which runs off the request path.
import { randomUUID } from "node:crypto";
import type { NotificationType, SparkEventPayload, SparkReportPayload, WebhookNotificationLog, WebhookStatus } from "../../../spec/types.js";
import { DEFAULT_RETENTION, NOTIFICATION_TYPES, type Retention } from "../../domain/retention.js";
import { createDeliverer, statusAfter, type Deliverer, type DeliveryOptions, type FlushResult } from "../../push/delivery.js";
import { ApiError } from "../../http/errors.js";
import { deliveriesRefused } from "../../domain/quotas.js";
import { memoPage, pageIn, pageJson, sliceOf, type PageMemo } from "../../domain/pagination.js";
import { refuse } from "../../domain/refusals.js";
import { Retained } from "../retained.js";
import type { Awaitable, DeliveryAttempt, PageRequest, PushState, Report, WebhookChange, WebhookInput } from "../state.js";

/** The bytes a stored attempt counts against its client's maxDeliveryLogBytes (as the Redis store counts them). */
const attemptBytes = (a: StoredAttempt) => a.logJson.length + Buffer.byteLength(a.content);

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
  /** Bytes of the events, the attempts and the reports kept (reports as their JSON). */
  eventBytes = 0;
  attemptBytes = 0;
  reportBytes = 0;
  /** The eligible users announced by the previous UserEligibility event. */
  eligibleAtLastEvent: ReadonlySet<string> = new Set();

  constructor(
    readonly clientId: string,
    readonly retention: Retention = DEFAULT_RETENTION,
  ) {
    this.events = new Retained(retention.maxEvents);
    this.attempts = new Retained(retention.maxDeliveryLogs);
  }

  addEvent(event: StoredEvent): void {
    this.eventsById.set(event.id, event);
    this.eventBytes += event.json.length;
    const dropped = this.events.push(event);
    if (dropped) this.#forgetEvent(dropped);
    while (this.eventBytes > this.retention.maxEventBytes && this.events.length > 1) this.#forgetEvent(this.events.dropOldest()!);
  }

  #forgetEvent(event: StoredEvent): void {
    this.eventsById.delete(event.id);
    this.eventBytes -= event.json.length;
  }

  addAttempt(log: WebhookNotificationLog, content: string): StoredAttempt {
    const attempt: StoredAttempt = { log, logJson: Buffer.from(JSON.stringify(log)), content };
    if (log.notificationId) this.latestAttempt.set(log.notificationId, attempt);
    this.attemptBytes += attemptBytes(attempt);
    const dropped = this.attempts.push(attempt);
    if (dropped) this.#forgetAttempt(dropped);
    while (this.attemptBytes > this.retention.maxDeliveryLogBytes && this.attempts.length > 1) this.#forgetAttempt(this.attempts.dropOldest()!);
    return attempt;
  }

  #forgetAttempt(attempt: StoredAttempt): void {
    const id = attempt.log.notificationId;
    if (id && this.latestAttempt.get(id) === attempt) this.latestAttempt.delete(id);
    this.attemptBytes -= attemptBytes(attempt);
  }
}

export interface PushStoreOptions {
  /** A client's clock. */
  now: (clientId: string) => number;
  delivery?: DeliveryOptions;
  retention?: Retention;
}

/** The in-memory `PushState`: every method but the deliveries answers at once. */
export class PushStore implements PushState {
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

  // Webhooks

  webhooks(clientId: string): StoredWebhook[] {
    return [...this.client(clientId).webhooks.values()];
  }

  webhook(clientId: string, webhookId: string): StoredWebhook {
    const w = this.client(clientId).webhooks.get(webhookId);
    if (!w) throw refuse("webhook-not-found", { webhookId });
    return w;
  }

  addWebhook(clientId: string, input: WebhookInput): StoredWebhook {
    const at = new Date(this.now(clientId)).toISOString();
    const w: StoredWebhook = { webhookId: randomUUID(), ...input, notificationTypes: [...input.notificationTypes], enabled: true, status: "New", createdDate: at, modifiedDate: at, lastAnalyzedTimestamp: at };
    this.client(clientId).webhooks.set(w.webhookId, w);
    return w;
  }

  changeWebhook(clientId: string, webhookId: string, change: WebhookChange): StoredWebhook {
    const w = this.webhook(clientId, webhookId);
    if (change.webhookUrl !== undefined && change.webhookUrl !== w.webhookUrl) {
      // A new URL has no delivery history yet.
      w.status = "New";
      w.webhookUrl = change.webhookUrl;
    }
    if (change.name !== undefined) w.name = change.name;
    if (change.secret !== undefined) w.secret = change.secret;
    if (change.notificationTypes !== undefined) w.notificationTypes = [...change.notificationTypes];
    if (change.enabled !== undefined) w.enabled = change.enabled;
    w.modifiedDate = new Date(this.now(clientId)).toISOString();
    return w;
  }

  deleteWebhook(clientId: string, webhookId: string): void {
    this.webhook(clientId, webhookId);
    this.client(clientId).webhooks.delete(webhookId);
  }

  // Events and delivery attempts, read back

  eventsPage(clientId: string, page: PageRequest): Buffer {
    const client = this.client(clientId);
    const all = client.events;
    const { start, pageSize, pagination } = pageIn(page, all.length);
    return memoPage(client.eventsPage, `${all.added} ${start} ${pageSize}`, () => pageJson("events", all.newest(start, pageSize).map((e) => e.json), pagination));
  }

  event(clientId: string, eventId: string): Buffer | undefined {
    return this.client(clientId).eventsById.get(eventId)?.json;
  }

  deliveryLogsPage(clientId: string, page: PageRequest, webhookId?: string): Buffer {
    const client = this.client(clientId);
    const { attempts } = client;
    if (webhookId === undefined) {
      const { start, pageSize, pagination } = pageIn(page, attempts.length);
      const build = () => pageJson("webhookNotificationLogs", attempts.newest(start, pageSize).map((a) => a.logJson), pagination);
      return memoPage(client.logsPage, `${attempts.added} ${start} ${pageSize}`, build);
    }
    // A deleted webhook's attempts stay in the client's log, but are no longer listed as its own (as in Redis, whose
    // index of them goes with the webhook).
    if (!client.webhooks.has(webhookId)) return pageJson("webhookNotificationLogs", [], pageIn(page, 0).pagination);
    let total = 0;
    for (const a of attempts) if (a.log.webhookId === webhookId) total++;
    const { start, pageSize, pagination } = pageIn(page, total);
    const ofWebhook = (function* () {
      for (const a of attempts.newestFirst()) if (a.log.webhookId === webhookId) yield a.logJson;
    })();
    return pageJson("webhookNotificationLogs", sliceOf(ofWebhook, total, { start, size: pageSize }).items, pagination);
  }

  deliveryAttempt(clientId: string, notificationId: string): DeliveryAttempt | undefined {
    return this.client(clientId).latestAttempt.get(notificationId);
  }

  // Reports

  async addReport(clientId: string, eventId: string, payloads: SparkReportPayload[], check: () => Awaitable<void>): Promise<Report> {
    const client = this.client(clientId);
    // A dropped event (older than the newest maxEvents) is unknown here: its id is not kept either.
    if (!client.eventsById.has(eventId)) throw refuse("report-event-not-kept", { eventId, maxEvents: client.retention.maxEvents });
    await check();
    const report: StoredReport = { id: randomUUID(), eventId, createdAt: new Date(this.now(clientId)).toISOString(), payloads };
    client.reports.push(report);
    // Bounded as the events are: the oldest drop out.
    if (client.reports.length > client.retention.maxEvents) client.reports.splice(0, client.reports.length - client.retention.maxEvents);
    client.reportBytes += Buffer.byteLength(JSON.stringify(report));
    return report;
  }

  reportUsage(clientId: string): { count: number; bytes: number } {
    const client = this.client(clientId);
    return { count: client.reports.length, bytes: client.reportBytes };
  }

  reportsWithEvents(clientId: string): { reports: StoredReport[]; events: Map<string, SparkEventPayload> } {
    const client = this.client(clientId);
    // Each reported event's payload, parsed once per call (several reports usually name the same event).
    const events = new Map<string, SparkEventPayload>();
    for (const report of client.reports) {
      if (events.has(report.eventId)) continue;
      const event = client.eventsById.get(report.eventId);
      if (event) events.set(report.eventId, payloadOf(event));
    }
    return { reports: client.reports, events };
  }

  swapAnnouncedEligible(clientId: string, eligibleNow: readonly string[]): ReadonlySet<string> {
    const client = this.client(clientId);
    const before = client.eligibleAtLastEvent;
    client.eligibleAtLastEvent = new Set(eligibleNow);
    return before;
  }

  /**
   * Stores a new event for the client and notifies its enabled webhooks that subscribe to its type. Refused with a
   * 429 before anything is stored when the client's pending notifications would pass its quota.
   */
  publish(clientId: string, payload: SparkEventPayload): StoredEvent {
    const client = this.client(clientId);
    const notificationType = NOTIFICATION_TYPES[payload.payloadType];
    const subscribed = [...client.webhooks.values()].filter((w) => w.enabled && w.notificationTypes.includes(notificationType));
    const refused = this.deliverer.refusal(clientId, subscribed.length);
    if (subscribed.length > 0 && refused !== undefined) throw deliveriesRefused(refused);
    const id = randomUUID();
    const createdAt = new Date(this.now(clientId)).toISOString();
    const event: StoredEvent = { id, createdAt, json: Buffer.from(JSON.stringify({ id, createdAt, payload })) };
    client.addEvent(event);
    for (const { webhookId } of subscribed) {
      this.deliverer.enqueue({
        webhookId,
        tenantId: clientId,
        notification: { notificationId: randomUUID(), eventId: event.id, eventCreatedAtUtc: event.createdAt, notificationType, payload },
        endpoint: () => {
          const w = client.webhooks.get(webhookId);
          return w?.enabled ? { url: w.webhookUrl, secret: w.secret } : undefined;
        },
        record: ({ log, content, outcome, held }) => {
          client.addAttempt(log, content);
          const w = client.webhooks.get(webhookId);
          if (w) {
            w.status = statusAfter(outcome, held);
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
