// `energy-coordination mock` (`npm start`): runs the mock on a port and prints where it is and how to log in.
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEMO_CLIENT, specValidators, type ClientCredentials, type MockOptions } from "./context.js";
import { checkFaults, type Faults } from "./faults/faults.js";
import { startMock, StartError } from "./start.js";
import { API_BASE, ERROR_BODIES, TOKEN_PATH } from "./http/errors.js";
import { LOG_FORMATS, type LogFormat } from "./http/log.js";
import { flagProblem } from "../bin/usage.js";
import { parseStoreUrl } from "./state/redis/url.js";
import { TOKEN_FORMATS, type TokenFormat } from "./http/tokens/bearer.js";
import { privateKeyFromPem } from "./http/tokens/keys.js";
import { seedProblem } from "./domain/events/random.js";
import { WEBHOOK_TARGETS } from "./push/webhook-targets.js";
import { DEFAULT_QUOTAS, QUOTA_NAMES, type Quotas } from "./domain/quotas.js";
import { parsePublicOrigin } from "./http/origin.js";

export const HELP = `Usage: energy-coordination mock [options]   (in this repository: npm start -- [options])

Runs the Energy Coordination mock server.

Options (environment variable in brackets):
  --port N             port to listen on; 0 picks a free one (MOCK_PORT, default 4010)
  --host HOST          address to listen on (MOCK_HOST, default 127.0.0.1)
  --client-file FILE   clients that may get tokens, one ID:SECRET per line (# comments); replaces the demo
                       client and keeps secrets out of the process list (MOCK_CLIENT_FILE)
  --client ID:SECRET   a client that may get tokens; repeatable; replaces the demo client; visible in the
                       process list, so prefer --client-file or MOCK_CLIENTS
                       (MOCK_CLIENTS, comma-separated ID:SECRET pairs; default partner-demo:partner-demo-secret)
  --allow-demo-client  start with the public demo client although --host is reachable beyond this machine
                       (refused otherwise; beyond loopback every secret needs 16 characters or more)
  --public-origin URL  the origin the banner and /docs print, e.g. https://sandbox.example.com (MOCK_PUBLIC_ORIGIN)
  --trust-proxy        trust X-Forwarded-Proto, -Host and -For from the proxy in front (MOCK_TRUST_PROXY=1)
  --token-ttl SECONDS  access token lifetime (MOCK_TOKEN_TTL, default 3600)
  --token-format F     jwt (RS256 JWTs, as the vendor's identity server issues them) or opaque
                       (random strings, as before) (MOCK_TOKEN_FORMAT, default jwt)
  --signing-key FILE   RSA private key (PEM) that signs the JWTs; default: the one kept in the signing key
                       cache, or with --store the one kept in the store (MOCK_SIGNING_KEY)
  --signing-key-cache FILE|off
                       where the generated signing key is kept across restarts (mode 0600), so the JWKS
                       stays the same and start-up skips generating it; off: a new key every start
                       (MOCK_SIGNING_KEY_CACHE, default energy-coordination/signing-key.pem in
                       $XDG_CACHE_HOME or ~/.cache; none without either)
  --error-bodies B     empty: a 404 or 409 the live service sends without a body has none here either; the
                       explanation is in the X-Mock-Detail header, the log and GET /_mock/requests; problem: a
                       problem document naming it (MOCK_ERROR_BODIES, default empty)
  --random-seed N      pins the simulations: the same seed and clock generate the same price areas, prices,
                       LPC limits and simulated partner ids (MOCK_RANDOM_SEED; default: random)
  --faults FILE        JSON file of the faults every client gets until it sets its own (PUT /_mock/faults):
                       latency, errors, a rate limit, dropped connections, webhook duplicates; see
                       docs/faults.md (MOCK_FAULTS)
  --seed FILE          JSON file of users, locations and resources to preload for every client (MOCK_SEED)
  --webhook-retry-delay MS
                       first retry delay of a failed webhook delivery; doubles each retry
                       (MOCK_WEBHOOK_RETRY_DELAY, default 1000)
  --webhook-timeout MS per-attempt timeout of a webhook delivery (MOCK_WEBHOOK_TIMEOUT, default 5000)
  --log FORMAT         a line per request and per webhook delivery attempt: pretty (coloured on a terminal),
                       json (JSON lines for log collectors) or off (MOCK_LOG, default pretty)
  --max-events N       events kept per client; older ones drop out (MOCK_MAX_EVENTS, default 10000)
  --max-delivery-logs N
                       webhook delivery attempts kept per client; older ones drop out
                       (MOCK_MAX_DELIVERY_LOGS, default 10000)
  --max-event-bytes N  bytes of events kept per client (MOCK_MAX_EVENT_BYTES, default 16777216)
  --max-delivery-log-bytes N
                       bytes of delivery attempts kept per client (MOCK_MAX_DELIVERY_LOG_BYTES, default 16777216)
  --quota NAME=N       what each client may keep; repeatable; NAME one of ${QUOTA_NAMES.join(", ")}
                       (MOCK_QUOTAS, comma-separated; defaults ${QUOTA_NAMES.map((q) => `${q}=${DEFAULT_QUOTAS[q]}`).join(", ")})
  --webhook-targets any|public
                       where webhooks may deliver: any http(s) URL, or public addresses only (no loopback,
                       private, link-local, unique-local or metadata addresses, also after DNS resolution)
                       (MOCK_WEBHOOK_TARGETS, default any on a loopback --host, public otherwise)
  --webhook-https-only webhooks must be https URLs (MOCK_WEBHOOK_HTTPS_ONLY=1)
  --store URL          where the state lives: memory (this process; the default) or redis://HOST:PORT/DB
                       (or rediss://), shared by every mock started on it and kept across restarts (MOCK_STORE)
  --store-prefix P     prefix of every Redis key, so several sandboxes can share one Redis
                       (MOCK_STORE_PREFIX, default ec:)
  --help               show this help

Environment only:
  MOCK_DELIVERY_LOCK_MS  with --store: how long a webhook attempt's lock lasts unless renewed, so how soon
                         another replica takes over the attempts of one that died (default 10000)
  MOCK_DEBUG=1           a failure of the mock's own (500) prints its stack, not only one line
`;

export interface CliConfig {
  port: number;
  host: string;
  seedFile: string | undefined;
  options: MockOptions & { clients: ClientCredentials[]; log: LogFormat; store?: string; storePrefix?: string; allowDemoClient?: boolean };
}

/** A one-line, user-facing error (printed without a stack); exit code 2 for bad usage, 1 when the mock cannot run. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

function parseClient(value: string, from: string): ClientCredentials {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) throw new CliError(`${from} must be ID:SECRET, got "${value}"`);
  return { id: value.slice(0, colon), secret: value.slice(colon + 1) };
}

/** An environment switch: set and not "", "0" or "false". */
const isSet = (value: string | undefined) => value !== undefined && !["", "0", "false"].includes(value.toLowerCase());

function parseInteger(value: string, from: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliError(`${from} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Reads flags, then the environment, then defaults. Throws CliError; returns undefined for --help. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = {}): CliConfig | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        client: { type: "string", multiple: true },
        "client-file": { type: "string" },
        "allow-demo-client": { type: "boolean" },
        "public-origin": { type: "string" },
        "trust-proxy": { type: "boolean" },
        "max-event-bytes": { type: "string" },
        "max-delivery-log-bytes": { type: "string" },
        quota: { type: "string", multiple: true },
        "token-ttl": { type: "string" },
        "token-format": { type: "string" },
        "signing-key": { type: "string" },
        "signing-key-cache": { type: "string" },
        "random-seed": { type: "string" },
        "error-bodies": { type: "string" },
        seed: { type: "string" },
        faults: { type: "string" },
        "webhook-retry-delay": { type: "string" },
        "webhook-timeout": { type: "string" },
        log: { type: "string" },
        "max-events": { type: "string" },
        "max-delivery-logs": { type: "string" },
        "webhook-targets": { type: "string" },
        "webhook-https-only": { type: "boolean" },
        store: { type: "string" },
        "store-prefix": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    const stray = e instanceof Error && "code" in e && e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" ? /'([^']*)'/.exec(e.message)?.[1] : undefined;
    if (stray !== undefined) {
      // `npm start --port 0` hands `--port` to npm itself and only "0" to the mock.
      throw new CliError(`unexpected value "${stray}": the mock takes only flags; through npm, put -- before them (npm start -- --port 0)`);
    }
    // parseArgs explains some mistakes (`--max-events -5`) over several lines; the CLI's errors are one line.
    throw new CliError(flagProblem(e).replace(/\s*\n\s*/g, " "));
  }
  if (values.help) return undefined;

  const portText = values.port ?? env.MOCK_PORT;
  const ttlText = values["token-ttl"] ?? env.MOCK_TOKEN_TTL;
  const seedFile = values.seed ?? env.MOCK_SEED;
  let clients: ClientCredentials[] = [DEMO_CLIENT];
  const clientFile = values["client-file"] ?? env.MOCK_CLIENT_FILE;
  if (values.client && values.client.length > 0) clients = values.client.map((c) => parseClient(c, "--client"));
  else if (clientFile) clients = readClientFile(clientFile, values["client-file"] !== undefined ? "--client-file" : "MOCK_CLIENT_FILE");
  else if (env.MOCK_CLIENTS) clients = env.MOCK_CLIENTS.split(",").map((c) => parseClient(c.trim(), "MOCK_CLIENTS"));

  const logText = values.log ?? env.MOCK_LOG ?? "pretty";
  if (!(LOG_FORMATS as readonly string[]).includes(logText)) throw new CliError(`${values.log !== undefined ? "--log" : "MOCK_LOG"} must be one of ${LOG_FORMATS.join(", ")}, got "${logText}"`);
  const options: CliConfig["options"] = { clients, log: logText as LogFormat };
  if (ttlText !== undefined) options.tokenTtlSeconds = parseInteger(ttlText, values["token-ttl"] !== undefined ? "--token-ttl" : "MOCK_TOKEN_TTL", 1, 315_360_000);
  if (seedFile) options.seed = readSeed(seedFile);
  const formatText = values["token-format"] ?? env.MOCK_TOKEN_FORMAT;
  if (formatText !== undefined) {
    if (!(TOKEN_FORMATS as readonly string[]).includes(formatText)) throw new CliError(`${values["token-format"] !== undefined ? "--token-format" : "MOCK_TOKEN_FORMAT"} must be one of ${TOKEN_FORMATS.join(", ")}, got "${formatText}"`);
    options.tokenFormat = formatText as TokenFormat;
  }
  const bodiesText = values["error-bodies"] ?? env.MOCK_ERROR_BODIES;
  if (bodiesText !== undefined) {
    const bodies = ERROR_BODIES.find((b) => b === bodiesText);
    if (bodies === undefined) throw new CliError(`${values["error-bodies"] !== undefined ? "--error-bodies" : "MOCK_ERROR_BODIES"} must be one of ${ERROR_BODIES.join(", ")}, got "${bodiesText}"`);
    options.errorBodies = bodies;
  }
  const seedText = values["random-seed"] ?? env.MOCK_RANDOM_SEED;
  if (seedText !== undefined) {
    const seed = /^-?\d+$/.test(seedText.trim()) ? Number(seedText) : NaN;
    const problem = seedProblem(seed, values["random-seed"] !== undefined ? "--random-seed" : "MOCK_RANDOM_SEED");
    if (problem) throw new CliError(problem.replace(/got .*$/, `got "${seedText}"`));
    options.randomSeed = seed;
  }
  const faultsFile = values.faults ?? env.MOCK_FAULTS;
  if (faultsFile !== undefined) options.faults = readFaults(faultsFile, values.faults !== undefined ? "--faults" : "MOCK_FAULTS");
  const keyFile = values["signing-key"] ?? env.MOCK_SIGNING_KEY;
  if (keyFile !== undefined) options.signingKey = readSigningKey(keyFile, values["signing-key"] !== undefined ? "--signing-key" : "MOCK_SIGNING_KEY");
  const keyCache = signingKeyCache(values["signing-key-cache"] ?? env.MOCK_SIGNING_KEY_CACHE, values["signing-key-cache"] !== undefined ? "--signing-key-cache" : "MOCK_SIGNING_KEY_CACHE", env);
  if (keyFile === undefined && keyCache !== undefined) options.signingKeyCache = keyCache;
  const delayText = values["webhook-retry-delay"] ?? env.MOCK_WEBHOOK_RETRY_DELAY;
  const timeoutText = values["webhook-timeout"] ?? env.MOCK_WEBHOOK_TIMEOUT;
  if (delayText !== undefined || timeoutText !== undefined) {
    options.webhooks = {};
    if (delayText !== undefined) options.webhooks.baseDelayMs = parseInteger(delayText, values["webhook-retry-delay"] !== undefined ? "--webhook-retry-delay" : "MOCK_WEBHOOK_RETRY_DELAY", 0, 3_600_000);
    if (timeoutText !== undefined) options.webhooks.timeoutMs = parseInteger(timeoutText, values["webhook-timeout"] !== undefined ? "--webhook-timeout" : "MOCK_WEBHOOK_TIMEOUT", 1, 600_000);
  }
  const maxEventsText = values["max-events"] ?? env.MOCK_MAX_EVENTS;
  const maxLogsText = values["max-delivery-logs"] ?? env.MOCK_MAX_DELIVERY_LOGS;
  const eventBytesText = values["max-event-bytes"] ?? env.MOCK_MAX_EVENT_BYTES;
  const logBytesText = values["max-delivery-log-bytes"] ?? env.MOCK_MAX_DELIVERY_LOG_BYTES;
  if (eventBytesText !== undefined) options.maxEventBytes = parseInteger(eventBytesText, values["max-event-bytes"] !== undefined ? "--max-event-bytes" : "MOCK_MAX_EVENT_BYTES", 1, 2 ** 40);
  if (logBytesText !== undefined) options.maxDeliveryLogBytes = parseInteger(logBytesText, values["max-delivery-log-bytes"] !== undefined ? "--max-delivery-log-bytes" : "MOCK_MAX_DELIVERY_LOG_BYTES", 1, 2 ** 40);
  const quotaTexts = values.quota && values.quota.length > 0 ? values.quota.map((q) => [q, "--quota"] as const) : (env.MOCK_QUOTAS?.split(",").filter((q) => q.trim() !== "").map((q) => [q.trim(), "MOCK_QUOTAS"] as const) ?? []);
  if (quotaTexts.length > 0) options.quotas = Object.fromEntries(quotaTexts.map(([text, from]) => parseQuota(text, from)));
  if (values["allow-demo-client"]) options.allowDemoClient = true;
  const originText = values["public-origin"] ?? env.MOCK_PUBLIC_ORIGIN;
  if (originText !== undefined) {
    try {
      options.publicOrigin = parsePublicOrigin(originText, values["public-origin"] !== undefined ? "--public-origin" : "MOCK_PUBLIC_ORIGIN");
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  if (values["trust-proxy"] || isSet(env.MOCK_TRUST_PROXY)) options.trustProxy = true;
  if (maxEventsText !== undefined) options.maxEvents = parseInteger(maxEventsText, values["max-events"] !== undefined ? "--max-events" : "MOCK_MAX_EVENTS", 1, 10_000_000);
  if (maxLogsText !== undefined) options.maxDeliveryLogs = parseInteger(maxLogsText, values["max-delivery-logs"] !== undefined ? "--max-delivery-logs" : "MOCK_MAX_DELIVERY_LOGS", 1, 10_000_000);
  const targetsText = values["webhook-targets"] ?? env.MOCK_WEBHOOK_TARGETS;
  if (targetsText !== undefined) {
    const targets = WEBHOOK_TARGETS.find((t) => t === targetsText);
    if (!targets) throw new CliError(`${values["webhook-targets"] !== undefined ? "--webhook-targets" : "MOCK_WEBHOOK_TARGETS"} must be one of ${WEBHOOK_TARGETS.join(", ")}, got "${targetsText}"`);
    options.webhookTargets = targets;
  }
  if (values["webhook-https-only"] || isSet(env.MOCK_WEBHOOK_HTTPS_ONLY)) options.webhookHttpsOnly = true;
  const storeText = values.store ?? env.MOCK_STORE;
  const prefixText = values["store-prefix"] ?? env.MOCK_STORE_PREFIX;
  if (storeText !== undefined && storeText !== "memory") {
    try {
      parseStoreUrl(storeText);
    } catch (e) {
      throw new CliError((e as Error).message.replace(/^--store/, values.store !== undefined ? "--store" : "MOCK_STORE"));
    }
    options.store = storeText;
  }
  if (prefixText !== undefined) {
    if (options.store === undefined) throw new CliError(`${values["store-prefix"] !== undefined ? "--store-prefix" : "MOCK_STORE_PREFIX"} needs --store redis://…: the memory store has no keys`);
    if (prefixText === "" || /[{}\s]/.test(prefixText)) throw new CliError(`${values["store-prefix"] !== undefined ? "--store-prefix" : "MOCK_STORE_PREFIX"} ${JSON.stringify(prefixText)}: must be non-empty, without spaces, { or }`);
    options.storePrefix = prefixText;
  }
  return {
    port: portText === undefined ? 4010 : parseInteger(portText, values.port !== undefined ? "--port" : "MOCK_PORT", 0, 65535),
    host: values.host ?? env.MOCK_HOST ?? "127.0.0.1",
    seedFile: seedFile || undefined,
    options,
  };
}

/** A faults file, checked as PUT /_mock/faults checks its body: one line naming the file and the field otherwise. */
function readFaults(file: string, flag: string): Faults {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${flag} ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return checkFaults(value, new Set(specValidators().spec.operations.map((op) => op.operationId)), "faults");
  } catch (e) {
    throw new CliError(`${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readSigningKey(file: string, flag: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    privateKeyFromPem(pem, `${flag} ${file}`);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  return pem;
}

/** `--signing-key-cache`: a file, `off`, or by default `energy-coordination/signing-key.pem` in the user's cache directory. */
function signingKeyCache(text: string | undefined, flag: string, env: NodeJS.ProcessEnv): string | undefined {
  if (text === undefined) {
    const xdg = env.XDG_CACHE_HOME;
    // An XDG directory that is not absolute is to be ignored (XDG Base Directory specification).
    const home = env.HOME || env.USERPROFILE;
    const base = xdg !== undefined && isAbsolute(xdg) ? xdg : home ? join(home, ".cache") : undefined;
    return base === undefined ? undefined : join(base, "energy-coordination", "signing-key.pem");
  }
  if (text === "off") return undefined;
  if (text.trim() === "") throw new CliError(`${flag} must be a file or off, got ""`);
  return text;
}

function parseQuota(text: string, from: string): [keyof Quotas, number] {
  const eq = text.indexOf("=");
  const name = QUOTA_NAMES.find((q) => q === text.slice(0, eq));
  if (eq <= 0 || !name) throw new CliError(`${from} must be NAME=N with NAME one of ${QUOTA_NAMES.join(", ")}, got "${text}"`);
  return [name, parseInteger(text.slice(eq + 1), `${from} ${name}`, 1, 2 ** 40)];
}

/** `--client-file`: one ID:SECRET per line; blank lines and lines starting with # are skipped. */
function readClientFile(file: string, from: string): ClientCredentials[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`${from} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const clients = text
    .split(/\r?\n/)
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== "" && !line.startsWith("#"))
    .map(([line, n]) => {
      try {
        return parseClient(line, `${from} ${file} line ${n}`);
      } catch (e) {
        // The line holds a secret: the message names the line, not its text.
        throw new CliError(`${from} ${file} line ${n} must be ID:SECRET`, e instanceof CliError ? e.exitCode : 2);
      }
    });
  if (clients.length === 0) throw new CliError(`${from} ${file}: no clients in it (one ID:SECRET per line)`);
  return clients;
}

function readSeed(file: string): NonNullable<MockOptions["seed"]> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`--seed ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text) as NonNullable<MockOptions["seed"]>; // validated against the spec by createApp
  } catch (e) {
    throw new CliError(`--seed ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Starts the mock; resolves once it listens, with a function that stops it. */
export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): Promise<() => Promise<void>> {
  const config = parseCli(argv, env);
  if (!config) {
    out(HELP);
    return async () => {};
  }
  let mock;
  try {
    mock = await startMock({ ...config.options, port: config.port, host: config.host });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof StartError)) throw e;
    // A taken port or an unreachable store is the environment's doing (1); a bad seed is the caller's (2).
    const environment = e.kind === "environment" || message.startsWith("port ") || message.startsWith("store ");
    throw new CliError(config.seedFile && !environment && e.kind !== "config" ? `--seed ${config.seedFile}: ${message}` : message, environment ? 1 : 2);
  }
  // The seed file's parsed copy is garbage once loaded, but V8 keeps the pages it grew to while the mock idles:
  // 100,000 seeded users held 273 MB resident at rest instead of about 170 MB.
  if (config.options.seed !== undefined) {
    config.options.seed = undefined;
    collectGarbage();
  }
  // With JSON logs every line is JSON, so a log collector can read the start-up lines too.
  const say = config.options.log === "json" ? (line: string) => mock.context.logger.info(line.trim()) : out;
  const origin = config.options.publicOrigin ?? mock.origin;
  say("Energy Coordination mock server");
  say(`  API base URL  ${origin}${API_BASE}`);
  say(`  Token URL     ${origin}${TOKEN_PATH}`);
  say(`  API docs      ${origin}/docs`);
  say(`  OpenAPI       ${origin}/openapi.json (or .yaml); control API ${origin}/mock-control.json`);
  say(`  Console       ${origin}/console`);
  // Ids only: a banner ends up in logs and CI output (the demo client's secret is in the README).
  for (const c of mock.clients) say(`  Client        ${c.id}${c.id === DEMO_CLIENT.id && c.secret === DEMO_CLIENT.secret ? " (the public demo client)" : ""}`);
  // Faults change every answer a partner sees; the banner says so (docs/faults.md).
  if (config.options.faults) say(`  Faults        ${JSON.stringify(config.options.faults)} for every client (PUT/DELETE /_mock/faults to change)`);
  return async () => {
    const { droppedDeliveries } = await mock.stop({ graceMs: STOP_GRACE_MS });
    const dropped = config.options.store
      ? "webhook deliveries still pending stay in the store's queue for the other replicas (or this one's next start)"
      : droppedDeliveries === 0
        ? "no webhook delivery was pending"
        : `${droppedDeliveries} webhook ${droppedDeliveries === 1 ? "delivery was" : "deliveries were"} pending (queued or waiting for a retry) and ${droppedDeliveries === 1 ? "is" : "are"} dropped`;
    say(`stopped; ${dropped}`);
    await mock.context.logger.flush();
  };
}

/** How long requests in flight may take to finish once the mock is told to stop. */
export const STOP_GRACE_MS = 5000;

/** How long a stop may take in all: the requests' grace, the webhook attempts' (5 s), and some to spare. */
const STOP_LIMIT_MS = 20_000;

/**
 * V8 settings of the mock's own process (`energy-coordination mock`; not of createApp, whose process may be
 * someone else's). Partners run many mocks side by side in CI, so memory counts for more than the last per cent of
 * speed: V8 otherwise lets the old space grow to ~4x what survived the last full GC (README, Benchmark).
 */
export const V8_FLAGS = ["--heap-growing-percent=40", "--semi-space-growth-factor=1"];

/**
 * Once the mock serves: the young generation may grow again (V8's default factor) under load. A young generation
 * held at its start-up size (1 MB) is collected every few hundred requests, which cost the Redis store's replicas
 * about a sixth of their CPU and the in-memory mock about a tenth (docs/redis-sandbox.md, Speed). Start-up and the
 * resting memory are unchanged; after a load the process keeps its larger young generation (about +30 MB).
 */
export const SERVING_V8_FLAGS = ["--semi-space-growth-factor=2"];

/**
 * One full garbage collection now. Node offers no call for it without `--expose-gc` on its command line, which
 * `npx energy-coordination` does not pass; V8 installs `gc` in contexts made after the flag is set (as V8_FLAGS are).
 * Where that does not hold, nothing is collected early.
 */
function collectGarbage(): void {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("typeof gc === 'function' ? gc : undefined");
    if (typeof gc === "function") gc();
  } catch {
    // Collected later, as V8 sees fit.
  }
}

/** `energy-coordination mock`: runs until SIGINT or SIGTERM; resolves with the exit code. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  let stop: () => Promise<void>;
  try {
    stop = await main(argv, env);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`mock: ${e.message}\n`);
    return e.exitCode;
  }
  if (argv.includes("--help") || argv.includes("-h")) return 0;
  for (const flag of SERVING_V8_FLAGS) setFlagsFromString(flag);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  // A second Ctrl-C while stopping quits at once, as shells expect.
  process.once("SIGINT", () => process.exit(130));
  // Each part of the stop has its own deadline; this one is the last resort, so that an orchestrator's SIGTERM never
  // has to end in its SIGKILL whatever the store is doing.
  const limit = setTimeout(() => {
    process.stderr.write(`mock: the stop took longer than ${STOP_LIMIT_MS / 1000} s; exiting without waiting for the rest\n`);
    process.exit(1);
  }, STOP_LIMIT_MS);
  limit.unref();
  await stop();
  clearTimeout(limit);
  return 0;
}
