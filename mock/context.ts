// What one mock app runs on: its options (with defaults), the spec's compiled validators, tokens and data.
// Handlers receive it as `ctx`; tests and embedders reach it as `app.locals.mock`.
import type { OperationInfo } from "../spec/openapi.js";
import { specValidators, type Validators } from "../spec/validators.js";
import type { ApiRequest, HandlerContext } from "./http/handler.js";
import { Clients, DEMO_CLIENT, type ClientCredentials } from "./state/clients.js";
import { Clocks } from "./state/clock.js";
import { MemoryJournal } from "./state/memory/journal.js";
import { DEFAULT_ELIGIBLE_AREAS, type EligibleArea } from "./domain/eligibility.js";
import { Store } from "./state/memory/data-store.js";
import { PushStore } from "./state/memory/push-store.js";
import { DEFAULT_RETENTION, type Retention } from "./domain/retention.js";
import type { ClockBacking, DataStore, JournalState, PushState, TokenState } from "./state/state.js";
import { loadSeed, type SeedData } from "./domain/seed.js";
import type { AttemptReport, DeliveryOptions } from "./push/delivery.js";
import { OpaqueTokens, TOKEN_FORMATS, type BearerTokens, type TokenFormat } from "./http/tokens/bearer.js";
import { JwtTokens } from "./http/tokens/jwt.js";
import { FileSigningKey, keyLoader, privateKeyFromPem, type SigningKey, type SigningKeySource } from "./http/tokens/keys.js";
import type { Random } from "./domain/events/catalogue.js";
import { seededRandom, seedProblem } from "./domain/events/random.js";
import { createLogger, type LogFormat, type LogOptions, type MockLogger } from "./http/log.js";
import { checkFaults, FaultInjector, MemoryFaultCounters, type FaultCounters, type Faults } from "./faults/faults.js";
import { quotasOf, type Quotas } from "./domain/quotas.js";
import { parsePublicOrigin } from "./http/origin.js";
import { ERROR_BODIES, type ErrorBodies } from "./http/errors.js";
import { TokenThrottle, type ThrottleOptions } from "./http/token-throttle.js";
import { OneAtATime } from "./domain/breathe.js";
import type { Resolver, TargetPolicy, WebhookTargets } from "./push/webhook-targets.js";

export { DEMO_CLIENT, specValidators, type ClientCredentials };
// The handler contract lives in handler.ts; these names stay reachable here for embedders and older imports.
export type { ApiRequest, ApiResponse, Handler, HandlerContext, HandlerMap, StoredJsonResponse } from "./http/handler.js";

/** The delivery timings a user sets (the deliverer's own options, less its internal limits). */
export type WebhookOptions = Pick<DeliveryOptions, "baseDelayMs" | "timeoutMs" | "maxRetries">;

/** Options of `createApp`; all optional. */
export interface MockOptions {
  /** Clients that may get tokens. Default: the demo client `partner-demo` / `partner-demo-secret`. */
  clients?: ClientCredentials[];
  /** Token lifetime. Default 3600. */
  tokenTtlSeconds?: number;
  /** `jwt` (the default: RS256 JWTs as the vendor's identity server issues them) or `opaque` (random strings). */
  tokenFormat?: TokenFormat;
  /**
   * The RSA private key (PEM) that signs JWTs. Default: one generated at start-up, or with a shared store the one
   * kept there (every replica signs with it).
   */
  signingKey?: string;
  /**
   * A file that keeps the generated signing key across restarts (the CLI's default: the user's cache directory):
   * read when it holds an RSA key, else generated and written there (mode 0600). Ignored with `signingKey` or a
   * shared store, which keeps its own. Default: none, a key generated per process.
   */
  signingKeyCache?: string;
  /** The clock (ms since the epoch). Default Date.now. */
  now?: () => number;
  /**
   * Pins the simulations: with a seed, every generated value (price area, currency, prices, LPC targets and limits,
   * the simulated partner's ids) is the same for the same seed, client and clock. Default: Math.random.
   */
  randomSeed?: number;
  /**
   * Faults injected for every client until it sets its own (PUT /_mock/faults): latency, errors, a rate limit,
   * dropped connections, webhook duplicates… (mock/faults/faults.ts). Default none.
   */
  faults?: Faults;
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
  /**
   * `empty` (the default): a 404 or 409 the live service sends without a body has none here either, and the
   * explanation in the `X-Mock-Detail` header, the log line and the journal. `problem`: a problem document instead.
   */
  errorBodies?: ErrorBodies;
}

/** Everything one app runs on; handlers see the part of it that `HandlerContext` names. */
export interface MockContext extends HandlerContext {
  /** The clients that may get tokens, their secrets and their tokens. */
  clients: Clients;
  tokenTtlSeconds: number;
  /** Issues and checks access tokens in the configured format. */
  bearer: BearerTokens;
  /** The JWT signing key (the JWKS); loaded at start-up, generated when none is configured or kept. */
  signingKey: () => Promise<SigningKey>;
  /** A client's clock (ms since the epoch); without a client, the base clock. Each client may move its own. */
  now: (clientId?: string) => number;
  /** The per-client clocks behind `now`, steered by the control API. */
  clocks: Clocks;
  /** The randomness of one simulation call: seeded by the client's seed, the simulation's name and its clock, or Math.random. */
  random: (clientId: string, simulation: string, ...more: (string | number)[]) => Random;
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
  /** Whether the 404s and 409s the live service sends without a body have one here (`problem`) or not (`empty`). */
  errorBodies: ErrorBodies;
  /** Heavy reads (a client's whole report history) run one at a time per client. */
  heavyWork: OneAtATime;
  validators: Validators;
  /** Users, locations, resources and enrollment (the data half). */
  store: DataStore;
  /** Webhooks, events, delivery attempts and reports (the push half). */
  push: PushState;
  logger: MockLogger;
  /** Each client's last requests (GET /_mock/requests). */
  journal: JournalState;
  /** Each client's injected faults (PUT /_mock/faults), applied on the request path and to webhook deliveries. */
  faults: FaultInjector;
  /** Registers cleanup (timers, sockets) to run when the app is closed. */
  onClose(fn: () => void | Promise<void>): void;
  /** Runs the cleanups; the test helper and the CLI call it on shutdown. */
  close(): Promise<void>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      op?: OperationInfo;
      clientId?: string;
      input?: ApiRequest;
      /** What an error answer explains (also when it has no body), for the request's log line and journal entry. */
      errorDetail?: string;
      /** When the dispatcher began the request (performance.now()): the fair-share scheduler counts the time before its queue. */
      arrivedAt?: number;
      /** On `app.locals` only: the app's context. */
      mock?: MockContext;
    }
  }
}

/** What a shared store builds its parts from: the app's clocks and settings. */
export interface StateParts {
  clocks: Clocks;
  now: (clientId: string) => number;
  eligibleAreas: EligibleArea[];
  tokenTtlMs: number;
  /** Live tokens per client (the `tokens` quota); issuing one more revokes the oldest. */
  maxTokensPerClient: number;
  retention: Retention;
  /** The deliverer's options, with the log's attempt report when logging is on. */
  delivery: DeliveryOptions;
}

/** The state of one app when it is kept elsewhere than this process's memory. */
export interface StateBackends {
  store: DataStore;
  push: PushState;
  tokens: TokenState;
  journal: JournalState;
  /** The counters of the clients' faults (their draws, their rate-limit windows), shared by every replica. */
  faultCounters?: FaultCounters;
  /** Closes connections and stops the process's share of the work (after the push half's own close). */
  close(): Promise<void>;
}

/** A store for all of the app's state (e.g. Redis, for several processes): where clocks live, and the rest. */
export interface Backends {
  /** A short name for messages, e.g. `redis://127.0.0.1:6379/0`. */
  display: string;
  clocks: ClockBacking;
  /** Where the JWT signing key is kept, so that every replica signs with the same one. */
  signingKeys?: SigningKeySource;
  build(parts: StateParts): StateBackends;
  /** Closes its connections (also when the app never got built). */
  close(): Promise<void>;
}

/** The app's context; with `backends`, its state lives there instead of in this process's memory. */
export function createContext(options: MockOptions = {}, backends?: Backends): MockContext {
  const seedError = options.randomSeed === undefined ? undefined : seedProblem(options.randomSeed, "randomSeed");
  if (seedError) throw new Error(seedError);
  const clocks = new Clocks(options.now ?? Date.now, backends?.clocks, options.randomSeed);
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
        logger.delivery({ clientId: r.job.tenantId, notificationType: r.job.notification.notificationType, eventId: r.job.notification.eventId, notificationId: r.job.notification.notificationId, url: r.url, attempt: r.attempt, attempts: r.attempts, outcome: r.outcome, status: r.status, durationMs: r.durationMs, nextRetryInMs: r.nextRetryInMs, ...(r.fault && { fault: r.fault }) })
    : undefined;
  const closers: (() => void | Promise<void>)[] = [];
  const operationIds = new Set(validators.spec.operations.map((op) => op.operationId));
  const defaultFaults = options.faults === undefined ? undefined : checkFaults(options.faults, operationIds, "faults");
  // The shared store's counters exist once it is built, after the deliveries that already need the injector.
  let faultCounters: FaultCounters | undefined;
  const faults = new FaultInjector({ clocks, defaults: defaultFaults, seedOf: (clientId) => clocks.seedOf(clientId), counters: () => (faultCounters ??= new MemoryFaultCounters()) });
  // The deliveries' background failures (the queue's connection, a worker's lock, the outbox sweep) go to the log.
  const onError = logger.enabled ? (error: unknown) => logger.error(`webhook deliveries: ${error instanceof Error ? error.message : String(error)}`) : undefined;
  const targets: TargetPolicy = { targets: options.webhookTargets ?? "any", httpsOnly: options.webhookHttpsOnly ?? false, ...(options.resolveWebhookHost && { resolve: options.resolveWebhookHost }) };
  const quotas = quotasOf(options.quotas);
  const delivery: DeliveryOptions = { ...options.webhooks, targets, maxPendingPerTenant: quotas.pendingDeliveries, ...(onAttempt ? { onAttempt } : {}), ...(onError ? { onError } : {}), faults };
  const shared = backends?.build({ clocks, now, eligibleAreas, tokenTtlMs: tokenTtlSeconds * 1000, maxTokensPerClient: quotas.tokens, retention, delivery });
  faultCounters ??= shared?.faultCounters;
  const clients = new Clients(options.clients ?? [], tokenTtlSeconds * 1000, now, shared?.tokens, quotas.tokens);
  if (shared && options.seed) {
    throw new Error(`seed: loads one process's memory; with the store ${backends!.display} the data is shared and outlives the process, so load it once through the API instead`);
  }
  const errorBodies = options.errorBodies ?? "empty";
  if (!(ERROR_BODIES as readonly string[]).includes(errorBodies)) throw new Error(`errorBodies must be one of ${ERROR_BODIES.join(", ")}, got ${JSON.stringify(errorBodies)}`);
  const tokenFormat = options.tokenFormat ?? "jwt";
  if (!(TOKEN_FORMATS as readonly string[]).includes(tokenFormat)) throw new Error(`tokenFormat must be one of ${TOKEN_FORMATS.join(", ")}, got ${JSON.stringify(tokenFormat)}`);
  if (options.signingKey !== undefined) privateKeyFromPem(options.signingKey, "signingKey");
  // Only JWTs need the key; generating one costs ~100 ms of a worker thread, overlapping the rest of the start-up.
  const keySource = backends?.signingKeys ?? (options.signingKeyCache === undefined ? undefined : new FileSigningKey(options.signingKeyCache, (message) => logger.error(message)));
  let loader = tokenFormat === "jwt" ? keyLoader(options.signingKey, keySource) : undefined;
  const signingKey = () => (loader ??= keyLoader(options.signingKey, keySource))();
  const bearer: BearerTokens =
    tokenFormat === "jwt"
      ? new JwtTokens({ store: clients.tokens, key: signingKey, ttlSeconds: tokenTtlSeconds, now, refresh: (clientId) => clocks.refresh(clientId) })
      : new OpaqueTokens(clients.tokens);
  const store = shared?.store ?? new Store(eligibleAreas, now);
  // The in-memory store answers at once, so the seed is loaded (or has thrown) before the app exists.
  if (options.seed) void loadSeed(options.seed, { validators, store, clientIds: clients.list.map((client) => client.id) });
  const ctx: MockContext = {
    clients,
    tokenTtlSeconds,
    bearer,
    signingKey,
    now,
    clocks,
    random: (clientId, simulation, ...more) => {
      const seed = clocks.seedOf(clientId);
      return seed === undefined ? Math.random : seededRandom(seed, clientId, simulation, clocks.now(clientId), ...more);
    },
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
    errorBodies,
    heavyWork: new OneAtATime(),
    validators,
    store,
    push: shared?.push ?? new PushStore({ now, delivery, retention }),
    logger,
    journal: shared?.journal ?? new MemoryJournal(),
    faults,
    onClose: (fn) => void closers.push(fn),
    close: async () => {
      for (const fn of closers.splice(0).reverse()) await fn();
    },
  };
  if (shared) closers.push(() => shared.close());
  closers.push(() => ctx.push.close());
  return ctx;
}
