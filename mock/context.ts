// What one mock app runs on: its options (with defaults), the spec's compiled validators, tokens and data.
// Handlers receive it as `ctx`; tests and embedders reach it as `app.locals.mock`.
import type { IncomingHttpHeaders } from "node:http";
import type { OperationInfo } from "../spec/openapi.js";
import type { OperationId, PathParams, QueryParams, RequestBody, SuccessResponse, SuccessStatus } from "../spec/types.js";
import { createValidators, type Validators } from "../spec/validators.js";
import { Clients, DEMO_CLIENT, type ClientCredentials } from "./clients.js";
import { Clocks } from "./clock.js";
import { Journal } from "./journal.js";
import { DEFAULT_ELIGIBLE_AREAS, type EligibleArea } from "./eligibility.js";
import { Store } from "./store.js";
import { DEFAULT_RETENTION, PushStore, type Retention } from "./push-store.js";
import type { ClockBacking, DataStore, PushState, TokenState } from "./state.js";
import { loadSeed, type SeedData } from "./seed.js";
import type { AttemptReport, DeliveryOptions } from "./delivery.js";
import { createLogger, type LogFormat, type LogOptions, type MockLogger } from "./log.js";
import { quotasOf, type Quotas } from "./quotas.js";
import { parsePublicOrigin } from "./origin.js";
import { TokenThrottle, type ThrottleOptions } from "./token-throttle.js";
import { OneAtATime } from "./breathe.js";
import type { Resolver, TargetPolicy, WebhookTargets } from "./webhook-targets.js";

export { DEMO_CLIENT, type ClientCredentials };

/** The delivery timings a user sets (the deliverer's own options, less its internal limits). */
export type WebhookOptions = Pick<DeliveryOptions, "baseDelayMs" | "timeoutMs" | "maxRetries">;

/** Options of `createApp`; all optional. */
export interface MockOptions {
  /** Clients that may get tokens. Default: the demo client `partner-demo` / `partner-demo-secret`. */
  clients?: ClientCredentials[];
  /** Token lifetime. Default 3600. */
  tokenTtlSeconds?: number;
  /** The clock (ms since the epoch). Default Date.now. */
  now?: () => number;
  /** Users, locations and resources preloaded for every client; validated against the spec. */
  seed?: SeedData;
  /** Circles in which a location makes its user eligible. Default: the two sandbox test areas on Svalbard. */
  eligibleAreas?: EligibleArea[];
  webhooks?: WebhookOptions;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** A line per request and per webhook delivery attempt: "pretty", "json" or "off" (the default), or options. */
  log?: LogFormat | LogOptions;
  /** Events kept per client; older ones drop out of lists and answer 404. Default 10,000. */
  maxEvents?: number;
  /** Webhook delivery attempts kept per client; older ones drop out of the logs. Default 10,000. */
  maxDeliveryLogs?: number;
  /** Bytes of events kept per client (their JSON); older ones drop out. Default 16 MiB. */
  maxEventBytes?: number;
  /** Bytes of delivery attempts kept per client (log entry and body sent); older ones drop out. Default 16 MiB. */
  maxDeliveryLogBytes?: number;
  /**
   * Where webhooks may deliver: `any` http(s) URL, or `public` addresses only (no loopback, private, link-local…;
   * see webhook-targets.ts). Default `any` here; startMock and the CLI default to `public` beyond loopback.
   */
  webhookTargets?: WebhookTargets;
  /** Webhooks must be https URLs. Default false. */
  webhookHttpsOnly?: boolean;
  /** How webhook host names are resolved at connect time (tests); default the system's resolver. */
  resolveWebhookHost?: Resolver;
  /** What each partner may keep (see quotas.ts); unset ones take their defaults. */
  quotas?: Partial<Quotas>;
  /** Whether the mock listens on loopback only (startMock sets it from its host). Default true. */
  loopback?: boolean;
  /** The origin the pages and banner print (`https://sandbox.example.com`), for a mock behind a proxy. */
  publicOrigin?: string;
  /** Trust X-Forwarded-Proto, -Host and -For from a proxy in front of the mock. Default false. */
  trustProxy?: boolean;
  /** Throttling of failed authentications at the token endpoint. */
  tokenThrottle?: ThrottleOptions;
}

export interface MockContext {
  /** The clients that may get tokens, their secrets and their tokens. */
  clients: Clients;
  tokenTtlSeconds: number;
  /** A client's clock (ms since the epoch); without a client, the base clock. Each client may move its own. */
  now: (clientId?: string) => number;
  /** The per-client clocks behind `now`, steered by the control API. */
  clocks: Clocks;
  eligibleAreas: EligibleArea[];
  webhooks: Required<WebhookOptions>;
  maxBodyBytes: number;
  /** What each client's history keeps (`maxEvents`, `maxDeliveryLogs`). */
  retention: Retention;
  /** Where webhooks may deliver. */
  targets: TargetPolicy;
  /** What each partner may keep. */
  quotas: Quotas;
  /** Whether the mock listens on loopback only. */
  loopback: boolean;
  publicOrigin: string | undefined;
  trustProxy: boolean;
  tokenThrottle: TokenThrottle;
  /** Heavy reads (a client's whole report history) run one at a time per client. */
  heavyWork: OneAtATime;
  validators: Validators;
  /** Users, locations, resources and enrollment (the data half). */
  store: DataStore;
  /** Webhooks, events, delivery attempts and reports (the push half). */
  push: PushState;
  logger: MockLogger;
  /** Each client's last requests (GET /_mock/requests). */
  journal: Journal;
  /** Registers cleanup (timers, sockets) to run when the app is closed. */
  onClose(fn: () => void | Promise<void>): void;
  /** Runs the cleanups; the test helper and the CLI call it on shutdown. */
  close(): Promise<void>;
}

/** What a handler gets: the caller's client id and the request, validated against the spec and typed by it. */
export interface ApiRequest<Op extends OperationId = OperationId> {
  clientId: string;
  params: PathParams<Op>;
  /** Query values coerced to the declared types. */
  query: QueryParams<Op>;
  body: RequestBody<Op>;
  headers: IncomingHttpHeaders;
  operation: OperationInfo;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** The body already serialized to UTF-8 JSON (stored bytes of things that never change); sent instead of `body`. */
  json?: Buffer;
  headers?: Record<string, string>;
}

/**
 * A success answer whose body is JSON serialized once and stored (events, delivery logs): the status is still one
 * the operation declares; the bytes are checked against its schema by the tests, as every answer is.
 */
export type StoredJsonResponse<Op extends OperationId> = { status: SuccessStatus<Op>; json: Buffer; headers?: Record<string, string> };

/** An operation's handler: its answer must be one of the operation's declared 2xx statuses, with that body. */
export type Handler<Op extends OperationId = OperationId> = (
  req: ApiRequest<Op>,
  ctx: MockContext,
) => SuccessResponse<Op> | StoredJsonResponse<Op> | Promise<SuccessResponse<Op> | StoredJsonResponse<Op>>;

/** What each `mock/routes/<noun>.ts` exports: handlers keyed by operationId. */
export type HandlerMap = { [Op in OperationId]?: Handler<Op> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      op?: OperationInfo;
      clientId?: string;
      input?: ApiRequest;
      /** The first thing an error answer names, for the request's log line. */
      errorDetail?: string;
      /** On `app.locals` only: the app's context. */
      mock?: MockContext;
    }
  }
}

let sharedValidators: Validators | undefined;
/**
 * Validators are pure once compiled, so every app of the process shares one set (compiling takes a while). The mock
 * serves only the project's own spec, which `npm test` lints, so its document is not meta-validated at start-up.
 */
export function specValidators(): Validators {
  sharedValidators ??= createValidators(undefined, { checkedSpec: true });
  return sharedValidators;
}

/** What a shared store builds its parts from: the app's clocks and settings. */
export interface StateParts {
  clocks: Clocks;
  now: (clientId: string) => number;
  eligibleAreas: EligibleArea[];
  tokenTtlMs: number;
  retention: Retention;
  /** The deliverer's options, with the log's attempt report when logging is on. */
  delivery: DeliveryOptions;
}

/** The state of one app when it is kept elsewhere than this process's memory. */
export interface StateBackends {
  store: DataStore;
  push: PushState;
  tokens: TokenState;
  journal: Journal;
  /** Closes connections and stops the process's share of the work (after the push half's own close). */
  close(): Promise<void>;
}

/** A store for all of the app's state (e.g. Redis, for several processes): where clocks live, and the rest. */
export interface Backends {
  /** A short name for messages, e.g. `redis://127.0.0.1:6379/0`. */
  display: string;
  clocks: ClockBacking;
  build(parts: StateParts): StateBackends;
  /** Closes its connections (also when the app never got built). */
  close(): Promise<void>;
}

/** The app's context; with `backends`, its state lives there instead of in this process's memory. */
export function createContext(options: MockOptions = {}, backends?: Backends): MockContext {
  const clocks = new Clocks(options.now ?? Date.now, backends?.clocks);
  const now = (clientId?: string) => clocks.now(clientId);
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) throw new Error(`tokenTtlSeconds must be a whole number of seconds >= 1, got ${tokenTtlSeconds}`);
  const retention: Retention = {
    maxEvents: options.maxEvents ?? DEFAULT_RETENTION.maxEvents,
    maxDeliveryLogs: options.maxDeliveryLogs ?? DEFAULT_RETENTION.maxDeliveryLogs,
    maxEventBytes: options.maxEventBytes ?? DEFAULT_RETENTION.maxEventBytes,
    maxDeliveryLogBytes: options.maxDeliveryLogBytes ?? DEFAULT_RETENTION.maxDeliveryLogBytes,
  };
  for (const [name, n] of Object.entries(retention)) if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a whole number >= 1, got ${n}`);
  const eligibleAreas = options.eligibleAreas ?? DEFAULT_ELIGIBLE_AREAS;
  const validators = specValidators();
  const logger = createLogger(typeof options.log === "string" ? { format: options.log } : options.log);
  const onAttempt = logger.enabled
    ? (r: AttemptReport) =>
        logger.delivery({ clientId: r.job.tenantId, notificationType: r.job.notification.notificationType, eventId: r.job.notification.eventId, url: r.url, attempt: r.attempt, attempts: r.attempts, outcome: r.outcome, status: r.status, durationMs: r.durationMs, nextRetryInMs: r.nextRetryInMs })
    : undefined;
  const closers: (() => void | Promise<void>)[] = [];
  const targets: TargetPolicy = { targets: options.webhookTargets ?? "any", httpsOnly: options.webhookHttpsOnly ?? false, ...(options.resolveWebhookHost && { resolve: options.resolveWebhookHost }) };
  const quotas = quotasOf(options.quotas);
  const delivery: DeliveryOptions = { ...options.webhooks, targets, maxPendingPerTenant: quotas.pendingDeliveries, ...(onAttempt ? { onAttempt } : {}) };
  const shared = backends?.build({ clocks, now, eligibleAreas, tokenTtlMs: tokenTtlSeconds * 1000, retention, delivery });
  const clients = new Clients(options.clients ?? [], tokenTtlSeconds * 1000, now, shared?.tokens);
  if (shared && options.seed) {
    throw new Error(`seed: loads one process's memory; with the store ${backends!.display} the data is shared and outlives the process, so load it once through the API instead`);
  }
  const store = shared?.store ?? new Store(eligibleAreas, now);
  // The in-memory store answers at once, so the seed is loaded (or has thrown) before the app exists.
  if (options.seed) void loadSeed(options.seed, { validators, store, clientIds: clients.list.map((client) => client.id) });
  const ctx: MockContext = {
    clients,
    tokenTtlSeconds,
    now,
    clocks,
    eligibleAreas,
    webhooks: { baseDelayMs: 1000, timeoutMs: 5000, maxRetries: 3, ...options.webhooks },
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    retention,
    targets,
    quotas,
    loopback: options.loopback ?? true,
    publicOrigin: options.publicOrigin === undefined ? undefined : parsePublicOrigin(options.publicOrigin),
    trustProxy: options.trustProxy ?? false,
    tokenThrottle: new TokenThrottle(options.tokenThrottle),
    heavyWork: new OneAtATime(),
    validators,
    store,
    push: shared?.push ?? new PushStore({ now, delivery, retention }),
    logger,
    journal: shared?.journal ?? new Journal(),
    onClose: (fn) => void closers.push(fn),
    close: async () => {
      for (const fn of closers.splice(0).reverse()) await fn();
    },
  };
  if (shared) closers.push(() => shared.close());
  closers.push(() => ctx.push.close());
  return ctx;
}
