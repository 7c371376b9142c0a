// `startMock()`: the one way to run the mock on a port, used by the CLI, the library, the contract suite, the
// Postman runner and the tests. Knows nothing of any test framework, so vitest, jest and node:test can all use it.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { importOptional, MissingPackageError } from "./http/optional-package.js";
import { contextOf, createApp } from "./http/app.js";
import { DEMO_CLIENT, type Backends, type ClientCredentials, type MockContext, type MockOptions } from "./context.js";
import { API_BASE, TOKEN_PATH } from "./http/errors.js";
import type { SeedData } from "./domain/seed.js";
import type { Clock, DeliveryResult, Faults, SetClockRequest } from "../spec/control-types.js";
import { deliverNow, resetClient, setClock, setFaults } from "./control/actions.js";
import { checkFaults } from "./faults/faults.js";

export interface StartMockOptions extends Omit<MockOptions, "seed"> {
  /** Port to listen on; default 0 (a free one). */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Users, locations and resources to preload for every client, or the path of a JSON file of them. */
  seed?: SeedData | string;
  /**
   * Where the state lives: this process's memory (the default), or a Redis URL (`redis://host:port/db`) that several
   * mock processes share and that outlives them.
   */
  store?: string;
  /** Prefix of every Redis key (default `ec:`); several sandboxes can share one Redis under different prefixes. */
  storePrefix?: string;
  /** Start beyond loopback with the public demo client (refused otherwise). Default false. */
  allowDemoClient?: boolean;
}

/** The shortest client secret accepted when the mock listens beyond loopback. */
export const MIN_SECRET_LENGTH = 16;

export interface StartedMock {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The API base URL: `http://127.0.0.1:PORT/energy-coordination/v1`. */
  baseUrl: string;
  /** The OAuth2 token endpoint: `http://127.0.0.1:PORT/connect/token`. */
  tokenUrl: string;
  /** The clients that may get tokens (the demo client unless `clients` was given). */
  clients: ClientCredentials[];
  /** A fresh access token from the token endpoint, for a client id (default the first client). */
  token(clientId?: string): Promise<string>;
  /** Stops listening, drops open connections and pending webhook deliveries. Calling it again does nothing. */
  close(): Promise<void>;
  /**
   * Stops like close(), but lets requests in flight finish for up to `graceMs` first, and says how many webhook
   * deliveries it dropped (the CLI's Ctrl-C). Calling it again, or after close(), gives the first stop's report.
   */
  stop(options?: { graceMs?: number }): Promise<CloseReport>;
  /**
   * Removes a client's data, pending webhook deliveries and request journal (every client's without an id); tokens
   * stay valid. `{ clock: true }` also puts the clock back on real time, as `clock.reset()` does.
   */
  reset(clientId?: string, options?: { clock?: boolean }): Promise<void>;
  /** A client's clock (default the first client): tokens' expiry, every timestamp, the price-curve day, the compensation month. */
  clock: MockClock;
  /** A client's injected faults (PUT /_mock/faults without HTTP); see docs/faults.md. */
  faults: MockFaults;
  /** Runs a client's pending webhook deliveries and retries now (every client's without an id); resolves when they are done. */
  deliverNow(clientId?: string): Promise<DeliveryResult>;
  /** The Express app, for embedding; most users never need it. */
  app: Express;
  /** The mock's state; internal, may change between versions. */
  context: MockContext;
}

export interface CloseReport {
  /** Webhook notifications that were queued, in flight or waiting for a retry when the mock stopped. */
  droppedDeliveries: number;
}

/** One client's clock on the mock; each method takes the client's id last (default the first client). */
export interface MockClock {
  get(clientId?: string): Clock;
  /** Sets the time (an ISO 8601 string, a Date or ms since the epoch); `frozen: true` makes it stand still. */
  set(now: string | Date | number, options?: { frozen?: boolean; clientId?: string }): Clock;
  /** Moves the clock forward by an ISO 8601 duration (`"PT25H"`, `"P1M"`) or a number of milliseconds. */
  advance(by: string | number, clientId?: string): Clock;
  /** Back to real time, running: every client's clock without an id (as `reset()` does); answers the clock of `clientId` or the first client. */
  reset(clientId?: string): Clock;
}

/** The faults of one client of the mock (default the first client), as GET, PUT and DELETE /_mock/faults. */
export interface MockFaults {
  get(clientId?: string): Faults;
  /** Replaces the client's faults; throws naming a bad field. */
  set(faults: Faults, clientId?: string): Promise<Faults>;
  /** Switches faults off: every client's without an id (as `reset()` does). */
  clear(clientId?: string): Promise<void>;
}

/** The reason a mock could not start, in one line (the port is taken, the seed file is missing...). */
export class StartError extends Error {
  override name = "StartError";
  constructor(
    message: string,
    /** `config`: the options themselves are unsafe or wrong; `environment`: the machine is at fault (a missing package). */
    readonly kind?: "config" | "environment",
  ) {
    super(message);
  }
}

/** Whether the mock listens on this host only for its own machine (127.0.0.0/8, ::1, localhost). */
export const isLoopbackHost = (host: string) => host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);

const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

function readSeedFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new StartError(`seed file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StartError(`seed file ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Starts the mock on 127.0.0.1 (a free port unless `port` is given); resolves once it listens. */
export async function startMock(options: StartMockOptions = {}): Promise<StartedMock> {
  const { port: wanted = 0, host = "127.0.0.1", seed, store, storePrefix, allowDemoClient = false, ...rest } = options;
  // Shared: reachable from elsewhere, directly or through a proxy. A client anyone can log in as, or a secret
  // anyone can guess, would then be everyone's; webhooks default to public targets and /docs logs no one in.
  const shared = !isLoopbackHost(host)
    ? `host ${host} is reachable beyond this machine`
    : rest.trustProxy || rest.publicOrigin !== undefined
      ? "the mock is served through a proxy (trustProxy or publicOrigin)"
      : rest.loopback === false
        ? "the mock is declared shared (loopback: false)"
        : undefined;
  const loopback = shared === undefined;
  if (shared !== undefined) {
    const clients = rest.clients && rest.clients.length > 0 ? rest.clients : [DEMO_CLIENT];
    if (!allowDemoClient && clients.some((c) => c.id === DEMO_CLIENT.id && c.secret === DEMO_CLIENT.secret)) {
      throw new StartError(`${shared} and the public demo client ${DEMO_CLIENT.id} would let anyone in: configure clients (--client-file) or pass --allow-demo-client`, "config");
    }
    const weak = clients.find((c) => c.secret.length < MIN_SECRET_LENGTH);
    if (weak) throw new StartError(`client ${weak.id}: its secret has ${weak.secret.length} characters; ${shared}, so a secret needs at least ${MIN_SECRET_LENGTH}`, "config");
  }
  const seedData = typeof seed === "string" ? readSeedFile(seed) : seed;
  let backends: Backends | undefined;
  if (store !== undefined && store !== "memory") {
    try {
      // Loaded only for a Redis store: the in-memory mock neither parses nor keeps ioredis and BullMQ.
      const { redisBackends } = await importOptional(() => import("./state/redis/backends.js"), "--store redis://…", ["ioredis", "bullmq"]);
      backends = await redisBackends({ url: store, ...(storePrefix !== undefined && { prefix: storePrefix }) });
    } catch (e) {
      throw new StartError(e instanceof Error ? e.message : String(e), e instanceof MissingPackageError ? "environment" : undefined);
    }
  }
  let app: Express;
  try {
    // The seed is validated against the spec by createApp, which names the bad entry.
    // Beyond loopback the mock is shared: webhooks may then reach public addresses only, unless told otherwise.
    const webhookTargets = rest.webhookTargets ?? (loopback ? "any" : "public");
    app = createApp({ ...rest, webhookTargets, loopback, ...(seedData === undefined ? {} : { seed: seedData as SeedData }) }, backends);
  } catch (e) {
    await backends?.close();
    const message = e instanceof Error ? e.message : String(e);
    throw new StartError(typeof seed === "string" ? `seed file ${seed}: ${message}` : message);
  }
  const context = contextOf(app);
  const server: Server = app.listen(wanted, host);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(new StartError(e.code === "EADDRINUSE" ? `port ${wanted} on ${host} is taken; try --port 0 for a free one` : `cannot listen on ${host}:${wanted} (${e.code ?? e.message})`)),
      );
    });
  } catch (e) {
    await context.close();
    throw e;
  }
  const origin = `http://${urlHost(host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host)}:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `${origin}${TOKEN_PATH}`;
  let closing: Promise<CloseReport> | undefined;
  const clientOf = (method: string, clientId: string | undefined): string => {
    const id = clientId ?? context.clients.list[0]?.id;
    if (id === undefined || !context.clients.list.some((c) => c.id === id)) {
      throw new Error(`${method}(${JSON.stringify(clientId)}): no such client; the mock has ${context.clients.list.map((c) => c.id).join(", ") || "none"}`);
    }
    return id;
  };
  const changeClock = (method: string, clientId: string | undefined, body: SetClockRequest): Clock => {
    try {
      return setClock(context, clientOf(method, clientId), body);
    } catch (e) {
      throw new Error(`${method}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const iso = (t: string | Date | number) => (typeof t === "string" ? t : new Date(t).toISOString());
  /** One rule for every method that takes an optional client id and acts on "everyone": no id is every client. */
  const everyOr = (method: string, clientId: string | undefined) => (clientId === undefined ? context.clients.list.map((c) => c.id) : [clientOf(method, clientId)]);
  const clock: MockClock = {
    get: (clientId) => context.clocks.state(clientOf("clock.get", clientId)),
    set: (now, options = {}) => changeClock("clock.set", options.clientId, { now: iso(now), ...(options.frozen === undefined ? {} : { frozen: options.frozen }) }),
    advance: (by, clientId) =>
      typeof by === "string"
        ? changeClock("clock.advance", clientId, { advance: by })
        : changeClock("clock.advance", clientId, { now: iso(context.now(clientOf("clock.advance", clientId)) + by) }),
    reset: (clientId) => {
      const ids = everyOr("clock.reset", clientId);
      for (const id of ids) context.clocks.reset(id);
      return context.clocks.state(ids[0] ?? clientOf("clock.reset", clientId));
    },
  };
  const faults: MockFaults = {
    get: (clientId) => context.faults.of(clientOf("faults.get", clientId)),
    async set(value, clientId) {
      const id = clientOf("faults.set", clientId);
      try {
        checkFaults(value, new Set(context.validators.spec.operations.map((op) => op.operationId)), "faults");
        return await setFaults(context, id, value);
      } catch (e) {
        throw new Error(`faults.set: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    async clear(clientId) {
      await Promise.all(everyOr("faults.clear", clientId).map((id) => context.faults.clear(id)));
    },
  };
  const handle: StartedMock = {
    origin,
    baseUrl: `${origin}${API_BASE}`,
    tokenUrl,
    clients: context.clients.list,
    app,
    context,
    clock,
    faults,
    reset(clientId, options = {}) {
      // An unknown client throws at once, before anything is reset.
      const ids = everyOr("reset", clientId);
      return Promise.all(ids.map((id) => resetClient(context, id, options))).then(() => undefined);
    },
    async deliverNow(clientId) {
      const results = await Promise.all(everyOr("deliverNow", clientId).map((id) => deliverNow(context, id)));
      return results.reduce((sum, r) => ({ attempted: sum.attempted + r.attempted, delivered: sum.delivered + r.delivered, failed: sum.failed + r.failed }), { attempted: 0, delivered: 0, failed: 0 });
    },
    async token(clientId) {
      const client = clientId === undefined ? context.clients.list[0] : context.clients.list.find((c) => c.id === clientId);
      if (!client) throw new Error(`token(${JSON.stringify(clientId)}): no such client; the mock has ${context.clients.list.map((c) => c.id).join(", ") || "none"}`);
      const res = await fetch(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }),
      });
      const body = (await res.json()) as { access_token?: unknown };
      if (res.status !== 200 || typeof body.access_token !== "string") throw new Error(`token(${client.id}): the token endpoint answered ${res.status}`);
      return body.access_token;
    },
    async close() {
      await stop();
    },
    stop: (options = {}) => stop(options),
  };
  /** The one way the mock stops: close() and stop() share it, so a second call gets the first one's report. */
  function stop(options: { graceMs?: number } = {}): Promise<CloseReport> {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (options.graceMs === undefined) server.closeAllConnections();
      else {
        // Idle keep-alive connections go now; requests in flight may finish within the grace period.
        server.closeIdleConnections();
        const cut = setTimeout(() => server.closeAllConnections(), options.graceMs);
        await closed;
        clearTimeout(cut);
      }
      await closed;
      const droppedDeliveries = await context.push.pendingDeliveries();
      await context.close();
      await context.logger.flush();
      return { droppedDeliveries };
    })();
    return closing;
  }
  return handle;
}
