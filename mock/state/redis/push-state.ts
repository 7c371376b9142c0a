// The push half kept in Redis (webhooks, events, delivery logs, reports), so that several mock processes share it,
// with webhook deliveries through the BullMQ queue of deliveries.ts. Answers as the in-memory PushStore does.
// Key layout, per client (`C` = `{prefix}{<client id, percent-encoded>}:`, the data store's base key: one Cluster
// slot per client; the push keys sit under `C p:`, apart from the data store's):
//   C p:whs        sorted set  webhookId → its number (webhooks list in the order added)
//   C p:w:<id>     hash        one webhook, every field JSON-encoded (`webhookUrl`, `name`, `secret`, `status`, …)
//   C p:n          counter     numbers of webhooks and attempts
//   C p:evs        list        eventIds, newest first (at most maxEvents; the oldest drop out)
//   C p:ev         hash        eventId → the event's JSON bytes (`{id, createdAt, payload}`), only for kept events
//   C p:logs       list        attempt numbers, newest first (at most maxDeliveryLogs)
//   C p:wl:<id>    list        the attempt numbers of one webhook, newest first (the logs page filtered by webhookId);
//                              trimmed with `p:logs`, removed with the webhook
//   C p:wls        set         webhookIds that have a `p:wl:` list (for reset)
//   C p:log        hash        attempt number → its log entry JSON;  C p:body  hash  attempt number → the body sent
//   C p:latest     hash        notificationId → the number of its latest attempt kept
//   C p:tries      hash        notificationId → attempts made (what deliverNow counts), dropped with `latest`
//   C p:pending    set         notificationIds neither delivered nor given up; an attempt of one not in it (the
//                              client was reset meanwhile) is not logged
//   C p:outbox     hash        eventId → `{"at": ms, "jobs": [notification jobs]}` until they are enqueued
//   C p:reports    list        report JSON, oldest first (at most maxEvents: the oldest drop out, as events do)
//   C p:rn         counter     the number of the newest report (the list holds rn - LLEN + 1 … rn)
//   C p:repoch     string      set with the first report, gone with the reports: numbers are read under it
//   C p:announced  string      JSON array of the users the last UserEligibility event announced
//   C p:evbytes, p:logbytes, p:rbytes  counters  bytes of the events, attempts (log entry and body) and reports kept
// Shared by every client: `{prefix}{:push}:outboxes` (set of the clients that have published: where the sweeper
// looks) and `{prefix}{:push}:sweeper` (the sweeper's lease); BullMQ's keys under `{prefix}{deliveries}`. A client id
// is percent-encoded in its tag, so no client's tag can be `{:push}`.
//
// An event is never left without its deliveries: the event and an outbox entry holding its notifications are
// written by one script, then the notifications are enqueued (job id = notificationId) and the entry removed. If the
// process dies in between, the sweeper (one elected process, sweeper.ts) enqueues entries older than a few seconds.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { SparkEventPayload, SparkReportPayload, WebhookNotificationLog } from "../../../spec/types.js";
import { pendingRefusal, statusAfter, type Endpoint, type FlushResult } from "../../push/delivery.js";
import { breather } from "../../domain/breathe.js";
import { ApiError } from "../../http/errors.js";
import { pageIn, pageJson } from "../../domain/pagination.js";
import { DEFAULT_RETENTION, NOTIFICATION_TYPES, type Retention } from "../../domain/retention.js";
import { refuse } from "../../domain/refusals.js";
import { DEFAULT_QUOTAS, deliveriesRefused } from "../../domain/quotas.js";
import type { Awaitable, DeliveryAttempt, PageRequest, PublishedEvent, PushState, Report, Webhook, WebhookChange, WebhookInput } from "../state.js";
import { callStore, clientKey, STORE_TIMEOUT_MS } from "./data-store.js";
import { createRedisDeliveries, type FinishedAttempt, type NotificationJob, type RedisDeliveries, type RedisDeliveryOptions } from "./deliveries.js";
import * as scripts from "./push-scripts.js";
import { startSweeper, type Sweeper } from "./sweeper.js";
import { DEFAULT_PREFIX, type RedisTarget } from "./url.js";

const COMMANDS = {
  ecpWebhooks: scripts.WEBHOOKS,
  ecpAddWebhook: scripts.ADD_WEBHOOK,
  ecpChangeWebhook: scripts.CHANGE_WEBHOOK,
  ecpDeleteWebhook: scripts.DELETE_WEBHOOK,
  ecpPublish: scripts.PUBLISH,
  ecpRecord: scripts.RECORD,
  ecpPage: scripts.PAGE,
  ecpAttempt: scripts.ATTEMPT,
  ecpTries: scripts.TRIES,
  ecpReportsAfter: scripts.REPORTS_AFTER,
  ecpDueOutbox: scripts.DUE_OUTBOX,
  ecpClear: scripts.CLEAR,
} as const;
type CommandName = keyof typeof COMMANDS;
/** ioredis adds `<name>Buffer` for each defined command: the same script, bulk replies as Buffers. */
type Commands = Record<CommandName | `${CommandName}Buffer`, (key: string, ...args: (string | number | Buffer)[]) => Promise<unknown>>;

export interface OutboxOptions {
  /** How often each process tries to take the sweeper's lease and, holding it, sweeps. Default 2000. */
  sweepEveryMs?: number;
  /** Entries at least this old are enqueued by the sweeper (younger ones are their publisher's). Default 5000. */
  olderThanMs?: number;
  /** How long the sweeper's lease lasts unless renewed. Default 10000. */
  leaseMs?: number;
}

export interface RedisPushStateOptions {
  /** The store's connection, from connectRedis (commands fail fast; the caller closes it after close()). */
  redis: Redis;
  /**
   * A second connection for bulk reads (every report of a client), so that megabytes of replies never queue ahead
   * of other clients' small commands. Default: `redis`. The caller closes it.
   */
  bulk?: Redis;
  /** Where the queue's own connections go (they wait for Redis instead of failing). */
  target: RedisTarget;
  /** A client's clock, as this process last read it (a request reads it from the store before its handler). */
  now: (clientId: string) => number;
  /**
   * A client's clock read from the store now, for the stamps of a delivery attempt: the attempt may be this process's
   * first dealing with the client for a while, and another replica may have moved the clock meanwhile. Default `now`.
   */
  readClock?: (clientId: string) => Promise<number>;
  prefix?: string;
  retention?: Retention;
  delivery?: Pick<RedisDeliveryOptions, "baseDelayMs" | "timeoutMs" | "maxRetries" | "concurrency" | "maxResponseBytes" | "lockDurationMs" | "stalledIntervalMs" | "work" | "onAttempt" | "onError" | "faults" | "targets" | "maxInFlightPerTenant" | "maxPendingPerTenant" | "breaker">;
  outbox?: OutboxOptions;
  /**
   * How many bytes of report JSON this process keeps parsed, over all clients (the least recently read go first), so
   * that a compensation reads only the reports added since the last. Default 16 MiB (four clients at the default
   * report quota); 0 keeps none.
   */
  reportCacheBytes?: number;
  /** Tests only: runs between writing an event with its outbox entry and enqueueing it; a throw stands for a crash there. */
  beforeEnqueue?: () => void;
}

/** A webhook's hash (every field JSON-encoded, as `fields` writes them) as the interface's object. */
function toWebhook(flat: string[]): Webhook {
  const f = new Map<string, string>();
  for (let i = 0; i < flat.length; i += 2) f.set(flat[i]!, flat[i + 1]!);
  const get = <T>(name: keyof Webhook): T => JSON.parse(f.get(name) ?? "null") as T;
  return {
    webhookId: get("webhookId"),
    webhookUrl: get("webhookUrl"),
    name: get("name"),
    secret: get("secret"),
    notificationTypes: get("notificationTypes"),
    enabled: get("enabled"),
    status: get("status"),
    createdDate: get("createdDate"),
    modifiedDate: get("modifiedDate"),
    lastAnalyzedTimestamp: get("lastAnalyzedTimestamp"),
  };
}

/** The hash fields of a webhook's changed properties. */
function fields(values: Partial<Record<keyof Webhook, unknown>>): string[] {
  return Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [name, JSON.stringify(value)]));
}

const notFound = (webhookId: string) => refuse("webhook-not-found", { webhookId });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client's reports as this process last read them: numbered from `first`, under the list's `epoch`. */
interface KeptReports {
  epoch: string;
  first: number;
  reports: Report[];
  /** The JSON bytes of each report. */
  sizes: number[];
  bytes: number;
}
const NO_REPORTS: KeptReports = { epoch: "", first: 0, reports: [], sizes: [], bytes: 0 };
/** Reports and bytes per REPORTS_AFTER call: each call holds Redis (and its reply the connection) for a bounded time. */
const REPORT_SLICE = 16;
const REPORT_SLICE_BYTES = 1024 * 1024;
const DEFAULT_REPORT_CACHE_BYTES = 16 * 1024 * 1024;

/** Waits for the work at most `ms`; its failure or lateness is left to whatever comes after (it runs on meanwhile). */
async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work.then(() => undefined, () => undefined), late]);
  clearTimeout(timer);
}
/** How often a client refused for its pending notifications has its pending set checked against the queue. */
const PRUNE_EVERY_MS = 10_000;
/** How long deliverNow waits for the attempts it started (each is at most the attempt timeout). */
const DELIVER_NOW_LIMIT_MS = 30_000;
/** How long idle() waits: longer than a notification's whole schedule (4 attempts of 5 s and 7 s of back-off). */
const IDLE_LIMIT_MS = 120_000;

/** The Redis `PushState`; several processes on one Redis share it. */
export class RedisPushState implements PushState {
  readonly #redis: Redis;
  /** Where bulk reads go (see RedisPushStateOptions.bulk). */
  readonly #bulk: Redis;
  readonly #commands: Commands;
  readonly #display: string;
  readonly #now: (clientId: string) => number;
  readonly #readClock: (clientId: string) => Promise<number>;
  readonly #prefix: string;
  readonly #retention: Retention;
  readonly #maxRetries: number;
  readonly #maxPendingPerTenant: number;
  readonly #deliveries: RedisDeliveries;
  readonly #sweeper: Sweeper;
  readonly #olderThanMs: number;
  readonly #beforeEnqueue: (() => void) | undefined;
  /** When this process last pruned each client's pending set (see #prunePending). */
  readonly #pruned = new Map<string, number>();
  /** Clients this process has added to the sweeper's set (it never shrinks, so once is enough). */
  readonly #registered = new Set<string>();
  /** Reports read, per client, least recently read first (see #reports). */
  readonly #keptReports = new Map<string, KeptReports>();
  readonly #reportCacheBytes: number;

  constructor(options: RedisPushStateOptions) {
    this.#redis = options.redis;
    this.#bulk = options.bulk ?? options.redis;
    this.#display = options.target.display;
    this.#now = options.now;
    this.#readClock = options.readClock ?? (async (clientId) => options.now(clientId));
    this.#prefix = options.prefix ?? DEFAULT_PREFIX;
    if (/[{}]/.test(this.#prefix)) throw new Error(`store prefix ${this.#prefix}: must not contain { or } (they would move the Cluster hash tag)`);
    this.#retention = options.retention ?? DEFAULT_RETENTION;
    this.#maxRetries = options.delivery?.maxRetries ?? 3;
    this.#maxPendingPerTenant = options.delivery?.maxPendingPerTenant ?? DEFAULT_QUOTAS.pendingDeliveries;
    this.#beforeEnqueue = options.beforeEnqueue;
    this.#reportCacheBytes = options.reportCacheBytes ?? DEFAULT_REPORT_CACHE_BYTES;
    for (const redis of new Set([this.#redis, this.#bulk])) for (const [name, lua] of Object.entries(COMMANDS)) if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 1, lua });
    this.#commands = this.#redis as unknown as Commands;
    this.#deliveries = createRedisDeliveries({
      ...options.delivery,
      target: options.target,
      prefix: `${this.#prefix}{deliveries}`,
      now: this.#readClock,
      endpoint: (tenantId, webhookId, notificationId) => this.#endpoint(tenantId, webhookId, notificationId),
      record: (attempt) => this.#record(attempt),
      revived: async (job) => void (await this.#redis.sadd(`${this.#key(job.tenantId)}p:pending`, job.notification.notificationId)),
    });
    const outbox = options.outbox ?? {};
    this.#olderThanMs = outbox.olderThanMs ?? 5000;
    this.#sweeper = startSweeper({ redis: this.#redis, key: `${this.#prefix}{:push}:sweeper`, everyMs: outbox.sweepEveryMs ?? 2000, leaseMs: outbox.leaseMs ?? 10_000, run: () => this.#sweep(), onError: options.delivery?.onError });
  }

  #key(clientId: string): string {
    return clientKey(this.#prefix, clientId);
  }

  get #outboxes(): string {
    return `${this.#prefix}{:push}:outboxes`;
  }

  /** Runs commands; Redis's own failures (down, timeout, OOM, READONLY) become a 503 naming the store. */
  #call<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
    return callStore(this.#display, () => run(this.#redis));
  }

  #script(name: CommandName | `${CommandName}Buffer`, clientId: string, args: (string | number | Buffer)[]): Promise<unknown> {
    return this.#call(() => this.#commands[name](this.#key(clientId), ...args));
  }

  #iso(clientId: string): string {
    return new Date(this.#now(clientId)).toISOString();
  }

  // Webhooks

  async webhooks(clientId: string): Promise<Webhook[]> {
    return ((await this.#script("ecpWebhooks", clientId, [])) as string[][]).map(toWebhook);
  }

  async webhook(clientId: string, webhookId: string): Promise<Webhook> {
    const flat = await this.#call((r) => r.hgetall(`${this.#key(clientId)}p:w:${webhookId}`));
    if (Object.keys(flat).length === 0) throw notFound(webhookId);
    return toWebhook(Object.entries(flat).flat());
  }

  async addWebhook(clientId: string, input: WebhookInput): Promise<Webhook> {
    const at = this.#iso(clientId);
    const w: Webhook = { webhookId: randomUUID(), ...input, notificationTypes: [...input.notificationTypes], enabled: true, status: "New", createdDate: at, modifiedDate: at, lastAnalyzedTimestamp: at };
    await this.#script("ecpAddWebhook", clientId, [w.webhookId, ...fields(w)]);
    return w;
  }

  async changeWebhook(clientId: string, webhookId: string, change: WebhookChange): Promise<Webhook> {
    const changed = fields({ webhookUrl: change.webhookUrl, name: change.name, secret: change.secret, notificationTypes: change.notificationTypes, enabled: change.enabled });
    const flat = await this.#script("ecpChangeWebhook", clientId, [webhookId, JSON.stringify(this.#iso(clientId)), ...changed]);
    if (!Array.isArray(flat)) throw notFound(webhookId);
    return toWebhook(flat as string[]);
  }

  async deleteWebhook(clientId: string, webhookId: string): Promise<void> {
    if ((await this.#script("ecpDeleteWebhook", clientId, [webhookId])) === 0) throw notFound(webhookId);
  }

  // Events and delivery attempts, read back

  /** A page of one of the client's lists: its ids newest first, the JSON of each from a hash (one script: one instant). */
  async #page(clientId: string, list: string, hash: string, key: string, page: PageRequest): Promise<Buffer> {
    const start = (page.page - 1) * page.pageSize;
    const [total, ...items] = (await this.#script("ecpPageBuffer", clientId, [list, hash, start, page.pageSize])) as [number, ...Buffer[]];
    return pageJson(key, items, pageIn(page, total).pagination);
  }

  eventsPage(clientId: string, page: PageRequest): Promise<Buffer> {
    return this.#page(clientId, "evs", "ev", "events", page);
  }

  async event(clientId: string, eventId: string): Promise<Buffer | undefined> {
    return (await this.#call((r) => r.hgetBuffer(`${this.#key(clientId)}p:ev`, eventId))) ?? undefined;
  }

  deliveryLogsPage(clientId: string, page: PageRequest, webhookId?: string): Promise<Buffer> {
    return this.#page(clientId, webhookId === undefined ? "logs" : `wl:${webhookId}`, "log", "webhookNotificationLogs", page);
  }

  async deliveryAttempt(clientId: string, notificationId: string): Promise<DeliveryAttempt | undefined> {
    const answer = await this.#script("ecpAttempt", clientId, [notificationId]);
    if (!Array.isArray(answer)) return undefined;
    const [log, content] = answer as [string, string];
    return { log: JSON.parse(log) as WebhookNotificationLog, content };
  }

  // Reports

  async addReport(clientId: string, eventId: string, payloads: SparkReportPayload[], check: () => Awaitable<void>): Promise<Report> {
    const key = this.#key(clientId);
    if (!(await this.#call((r) => r.hexists(`${key}p:ev`, eventId)))) throw refuse("report-event-not-kept", { eventId, maxEvents: this.#retention.maxEvents });
    await check();
    const report: Report = { id: randomUUID(), eventId, createdAt: this.#iso(clientId), payloads };
    const json = JSON.stringify(report);
    const list = `${key}p:reports`;
    await this.#call((r) => r.multi().set(`${key}p:repoch`, randomUUID(), "NX").rpush(list, json).incr(`${key}p:rn`).incrby(`${key}p:rbytes`, Buffer.byteLength(json)).ltrim(list, -this.#retention.maxEvents, -1).exec());
    return report;
  }

  async reportUsage(clientId: string): Promise<{ count: number; bytes: number }> {
    const key = this.#key(clientId);
    const replies = await this.#call((r) => r.multi().llen(`${key}p:reports`).get(`${key}p:rbytes`).exec());
    return { count: Number(replies?.[0]?.[1] ?? 0), bytes: Number(replies?.[1]?.[1] ?? 0) };
  }

  async reportsWithEvents(clientId: string): Promise<{ reports: Report[]; events: Map<string, SparkEventPayload> }> {
    const key = this.#key(clientId);
    const reports = await this.#reports(clientId);
    const ids = [...new Set(reports.map((r) => r.eventId))];
    const json = ids.length ? await this.#call((r) => r.hmget(`${key}p:ev`, ...ids)) : [];
    const events = new Map<string, SparkEventPayload>();
    ids.forEach((id, i) => json[i] && events.set(id, (JSON.parse(json[i]) as { payload: SparkEventPayload }).payload));
    return { reports, events };
  }

  /**
   * The client's reports, oldest first. Those this process read before are kept parsed, so a client's whole report
   * quota is read and parsed once, not at every compensation (parsing megabytes and collecting the garbage held up
   * the other clients' requests); only the reports added since are read, in slices of REPORT_SLICE or about
   * REPORT_SLICE_BYTES.
   */
  async #reports(clientId: string): Promise<Report[]> {
    const key = this.#key(clientId);
    const commands = this.#bulk as unknown as Commands;
    // Parsed in slices (breathe.ts): a client's whole report quota must not hold up the other clients. A report may
    // be a megabyte: the clock is checked after each.
    const breathe = breather(1);
    let known = this.#keptReports.get(clientId) ?? NO_REPORTS;
    for (;;) {
      const last = known.reports.length > 0 ? String(known.first + known.reports.length - 1) : "";
      // On a connection of its own: megabytes of reports must not queue ahead of other clients' small commands.
      const [epoch, first, from, newest, ...items] = (await callStore(this.#display, () => commands.ecpReportsAfter(key, known.epoch, last, REPORT_SLICE, REPORT_SLICE_BYTES))) as [string, number, number, number, ...string[]];
      let { reports, sizes, bytes } = known;
      let start = known.first;
      if (epoch === known.epoch && newest < start + reports.length - 1) {
        // Fewer than were read under this epoch: Redis went back to an older copy of its data. Read it all again.
        known = NO_REPORTS;
        continue;
      }
      if (epoch !== known.epoch || from !== start + reports.length) {
        // Not a continuation of what is kept (the reports were cleared, Redis lost them, or all have dropped out).
        ({ reports, sizes, bytes } = NO_REPORTS);
        start = from;
      } else if (first > start) {
        const dropped = Math.min(first - start, reports.length);
        bytes -= sizes.slice(0, dropped).reduce((sum, n) => sum + n, 0);
        reports = reports.slice(dropped);
        sizes = sizes.slice(dropped);
        start += dropped;
      }
      const added: Report[] = [];
      for (const json of items) {
        await breathe();
        added.push(JSON.parse(json) as Report);
      }
      const more = items.map((json) => Buffer.byteLength(json));
      known = { epoch, first: start, reports: reports.concat(added), sizes: sizes.concat(more), bytes: bytes + more.reduce((sum, n) => sum + n, 0) };
      if (known.first + known.reports.length - 1 >= newest) break;
    }
    this.#keep(clientId, known);
    // A copy: the kept array is replaced, never changed, but the caller owns what it is given.
    return known.reports.slice();
  }

  /** Keeps a client's reports parsed, within the cache's bytes (least recently read out first). */
  #keep(clientId: string, known: KeptReports): void {
    this.#keptReports.delete(clientId);
    // Reports written before they were numbered have no epoch: they are read whole each time.
    if (known.epoch === "" || known.bytes > this.#reportCacheBytes) return;
    this.#keptReports.set(clientId, known);
    let total = 0;
    for (const kept of this.#keptReports.values()) total += kept.bytes;
    for (const [id, kept] of this.#keptReports) {
      if (total <= this.#reportCacheBytes) break;
      this.#keptReports.delete(id);
      total -= kept.bytes;
    }
  }

  async swapAnnouncedEligible(clientId: string, eligibleNow: readonly string[]): Promise<ReadonlySet<string>> {
    const before = await this.#call((r) => r.set(`${this.#key(clientId)}p:announced`, JSON.stringify(eligibleNow), "GET"));
    return new Set(before === null ? [] : (JSON.parse(before) as string[]));
  }

  // Publishing and delivering

  /**
   * Stores a new event with its outbox entry, then enqueues a notification per enabled, subscribed webhook. Refused
   * with a 429 before anything is stored when the client's pending notifications would pass its quota (checked
   * before the write, so publishers racing each other may pass it by a few).
   */
  async publish(clientId: string, payload: SparkEventPayload): Promise<PublishedEvent> {
    const id = randomUUID();
    const createdAt = this.#iso(clientId);
    const json = Buffer.from(JSON.stringify({ id, createdAt, payload }));
    const notificationType = NOTIFICATION_TYPES[payload.payloadType];
    const jobs: NotificationJob[] = (await this.webhooks(clientId))
      .filter((w) => w.enabled && w.notificationTypes.includes(notificationType))
      .map((w) => ({ tenantId: clientId, webhookId: w.webhookId, notification: { notificationId: randomUUID(), eventId: id, eventCreatedAtUtc: createdAt, notificationType, payload } }));
    let ahead = jobs.length > 0 ? await this.#call((r) => r.scard(`${this.#key(clientId)}p:pending`)) : 0;
    if (pendingRefusal(ahead, jobs.length, this.#maxPendingPerTenant) !== undefined) ahead -= await this.#prunePending(clientId);
    const refused = pendingRefusal(ahead, jobs.length, this.#maxPendingPerTenant);
    if (refused !== undefined) throw deliveriesRefused(refused);
    if (jobs.length > 0 && !this.#registered.has(clientId)) {
      // Before the event: the sweeper must know where to look before there is anything to find.
      await this.#call((r) => r.sadd(this.#outboxes, clientId));
      this.#registered.add(clientId);
    }
    const ids = jobs.map((j) => j.notification.notificationId);
    await this.#script("ecpPublish", clientId, [id, json, this.#retention.maxEvents, this.#retention.maxEventBytes, jobs.length ? JSON.stringify(jobs) : "", ...ids]);
    if (jobs.length > 0) await this.#handOver(clientId, id, jobs, ahead);
    return { id, createdAt, json };
  }

  /**
   * Before a client is refused for its pending notifications: takes out of its pending set the notifications whose
   * job has finished without its last attempt logged (a job BullMQ gave up on after a crash), so that they do not
   * count against its quota for ever. At most once per PRUNE_EVERY_MS per client; answers how many it removed.
   */
  async #prunePending(clientId: string): Promise<number> {
    const last = this.#pruned.get(clientId) ?? 0;
    if (Date.now() - last < PRUNE_EVERY_MS) return 0;
    this.#pruned.set(clientId, Date.now());
    const key = `${this.#key(clientId)}p:pending`;
    const ids = await this.#call((r) => r.smembers(key));
    const states = await Promise.all(ids.map((id) => this.#deliveries.queue.getJobState(id).catch(() => "unknown" as const)));
    const stale = ids.filter((_, i) => states[i] === "completed" || states[i] === "failed");
    return stale.length > 0 ? await this.#call((r) => r.srem(key, ...stale)) : 0;
  }

  /**
   * Enqueues an event's notifications and removes its outbox entry. A failure (or a queue that does not answer in
   * time) leaves the entry to the sweeper: the event is stored, so the request that published it has succeeded.
   */
  async #handOver(clientId: string, eventId: string, jobs: NotificationJob[], ahead: number): Promise<void> {
    const done = (async () => {
      this.#beforeEnqueue?.();
      await Promise.all(jobs.map((j, i) => this.#deliveries.enqueue(j, ahead + i)));
      await this.#redis.hdel(`${this.#key(clientId)}p:outbox`, eventId);
    })();
    await atMost(done, STORE_TIMEOUT_MS);
  }

  /** The sweeper's round: every outbox entry old enough is enqueued (again, harmlessly, if it was already). */
  async #sweep(): Promise<void> {
    for (const clientId of await this.#redis.smembers(this.#outboxes)) {
      const due = (await this.#commands.ecpDueOutbox(this.#key(clientId), this.#olderThanMs)) as string[];
      for (let i = 0; i < due.length; i += 2) {
        const { jobs } = JSON.parse(due[i + 1]!) as { jobs: NotificationJob[] };
        await Promise.all(jobs.map((j) => this.#deliveries.enqueue(j)));
        await this.#redis.hdel(`${this.#key(clientId)}p:outbox`, due[i]!);
      }
    }
  }

  /** Whether this process held the sweeper's lease at its last try. */
  get sweeping(): boolean {
    return this.#sweeper.leading;
  }

  /** One sweep now if this process holds (or can take) the sweeper's lease. */
  sweepNow(): Promise<void> {
    return this.#sweeper.tick();
  }

  async #endpoint(clientId: string, webhookId: string, notificationId: string): Promise<Endpoint | undefined> {
    const key = this.#key(clientId);
    const [url, secret, enabled] = await this.#redis.hmget(`${key}p:w:${webhookId}`, "webhookUrl", "secret", "enabled");
    if (url && enabled === "true") return { url: JSON.parse(url) as string, secret: JSON.parse(secret ?? "null") as string | null };
    // Deleted or disabled: the job ends without an attempt, so the notification is no longer pending.
    await this.#redis.srem(`${key}p:pending`, notificationId);
    return undefined;
  }

  async #record({ job, attempt, outcome, log, content, held }: FinishedAttempt): Promise<void> {
    const last = outcome === "delivered" || attempt > this.#maxRetries;
    const at = JSON.stringify(new Date(await this.#readClock(job.tenantId)).toISOString());
    await this.#commands.ecpRecord(this.#key(job.tenantId), job.notification.notificationId, job.webhookId, JSON.stringify(log), content, JSON.stringify(statusAfter(outcome, held)), at, this.#retention.maxDeliveryLogs, last ? "1" : "0", this.#retention.maxDeliveryLogBytes);
  }

  /**
   * Waits for the client's attempts in flight, then runs one attempt of each of its waiting notifications and
   * waiting retries now (a delayed job is promoted); resolves with what those attempts did, as Deliverer.flush does.
   */
  async deliverNow(clientId: string): Promise<FlushResult> {
    const key = this.#key(clientId);
    const ids = await this.#call((r) => r.smembers(`${key}p:pending`));
    if (ids.length === 0) return { attempted: 0, delivered: 0, failed: 0 };
    const before = (await this.#script("ecpTries", clientId, ids)) as [number, string | false][];
    const deadline = Date.now() + DELIVER_NOW_LIMIT_MS;
    const queue = this.#deliveries.queue;
    /** The job's state, or undefined once it is finished or not (yet) in the queue. */
    const state = async (id: string) => {
      const job = await queue.getJob(id);
      const s = job ? await job.getState() : "unknown";
      // Finished without a last attempt logged (a stalled job BullMQ gave up on): no longer pending. A job not in
      // the queue may still be on its way there (publish, or the sweeper): it stays pending.
      if (s === "completed" || s === "failed") await this.#redis.srem(`${key}p:pending`, id);
      return job && s !== "completed" && s !== "failed" && s !== "unknown" ? { job, state: s } : undefined;
    };
    await Promise.all(
      ids.map(async (id) => {
        let now = await state(id);
        while (now?.state === "active" && Date.now() < deadline) {
          await sleep(20);
          now = await state(id);
        }
        if (!now) return;
        const started = now.job.attemptsStarted;
        if (now.state === "delayed") await now.job.promote().catch(() => undefined);
        while (Date.now() < deadline) {
          await sleep(20);
          const next = await state(id);
          if (!next || (next.state !== "active" && next.job.attemptsStarted > started)) return;
        }
      }),
    );
    const after = (await this.#script("ecpTries", clientId, ids)) as [number, string | false][];
    let attempted = 0;
    let delivered = 0;
    after.forEach(([tries, log], i) => {
      const made = tries - (before[i]?.[0] ?? 0);
      if (made <= 0) return;
      attempted += made;
      // A delivery ends the notification, so it can only be its latest attempt.
      if (log && (JSON.parse(log) as WebhookNotificationLog).responseStatusCode === 200) delivered++;
    });
    return { attempted, delivered, failed: attempted - delivered };
  }

  /** Forgets everything of the client and cancels its pending deliveries (an attempt in flight is not logged). */
  async clear(clientId: string): Promise<void> {
    this.#keptReports.delete(clientId);
    const pending = (await this.#script("ecpClear", clientId, [])) as string[];
    // With the webhooks gone a job left behind ends without an attempt; removing them keeps the queue idle.
    await atMost(Promise.all(pending.map(async (id) => (await this.#deliveries.queue.getJob(id))?.remove().catch(() => undefined))), STORE_TIMEOUT_MS);
  }

  /** 0: pending notifications wait in the Redis queue, which outlives this process. */
  pendingDeliveries(): number {
    return 0;
  }

  /**
   * Resolves once no job of the queue (whichever process added it) is waiting, delayed or running; rejects, naming
   * what is left, when that has not happened within `limitMs` (a queue that never drains must not hang its caller).
   */
  async idle(limitMs = IDLE_LIMIT_MS): Promise<void> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const counts = await this.#deliveries.queue.getJobCounts("wait", "delayed", "active", "prioritized");
      if (Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() >= deadline) {
        const left = Object.entries(counts).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`);
        throw new Error(`webhook deliveries not idle after ${limitMs} ms: ${left.join(", ")}`);
      }
      await sleep(20);
    }
  }

  /**
   * Stops the sweeper (letting its lease go) and the queue's worker, after the attempts in flight; jobs left in
   * Redis wait for another process. The Redis connection passed in stays open: the caller closes it afterwards.
   */
  async close(): Promise<void> {
    await this.#sweeper.stop();
    // With Redis unreachable or stalled there is nothing to wait for: an attempt in flight could not be recorded.
    const answering = this.#redis.status === "ready" && (await this.#redis.ping().then(() => true, () => false));
    await this.#deliveries.close({ force: !answering });
  }
}
