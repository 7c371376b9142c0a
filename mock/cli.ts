// `npm start`: runs the mock on a port and prints where it is and how to log in. The only module that listens.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { contextOf, createApp } from "./app.js";
import { DEMO_CLIENT, type ClientCredentials, type MockOptions } from "./context.js";
import { API_BASE, TOKEN_PATH } from "./errors.js";

export const HELP = `Usage: npm start -- [options]

Runs the Energy Coordination mock server.

Options (environment variable in brackets):
  --port N             port to listen on; 0 picks a free one (MOCK_PORT, default 4010)
  --host HOST          address to listen on (MOCK_HOST, default 127.0.0.1)
  --client ID:SECRET   a client that may get tokens; repeatable; replaces the demo client
                       (MOCK_CLIENTS, comma-separated ID:SECRET pairs; default partner-demo:partner-demo-secret)
  --token-ttl SECONDS  access token lifetime (MOCK_TOKEN_TTL, default 3600)
  --seed FILE          JSON file of users, locations and resources to preload for every client (MOCK_SEED)
  --webhook-retry-delay MS
                       first retry delay of a failed webhook delivery; doubles each retry
                       (MOCK_WEBHOOK_RETRY_DELAY, default 1000)
  --webhook-timeout MS per-attempt timeout of a webhook delivery (MOCK_WEBHOOK_TIMEOUT, default 5000)
  --max-events N       events kept per client; older ones drop out (MOCK_MAX_EVENTS, default 10000)
  --max-delivery-logs N
                       webhook delivery attempts kept per client; older ones drop out
                       (MOCK_MAX_DELIVERY_LOGS, default 10000)
  --help               show this help
`;

export interface CliConfig {
  port: number;
  host: string;
  seedFile: string | undefined;
  options: MockOptions & { clients: ClientCredentials[] };
}

/** A one-line, user-facing error (printed without a stack). */
export class CliError extends Error {}

function parseClient(value: string, from: string): ClientCredentials {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) throw new CliError(`${from} must be ID:SECRET, got "${value}"`);
  return { id: value.slice(0, colon), secret: value.slice(colon + 1) };
}

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
        "token-ttl": { type: "string" },
        seed: { type: "string" },
        "webhook-retry-delay": { type: "string" },
        "webhook-timeout": { type: "string" },
        "max-events": { type: "string" },
        "max-delivery-logs": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    // parseArgs explains some mistakes (`--max-events -5`) over several lines; the CLI's errors are one line.
    throw new CliError(`${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ")} (see --help)`);
  }
  if (values.help) return undefined;

  const portText = values.port ?? env.MOCK_PORT;
  const ttlText = values["token-ttl"] ?? env.MOCK_TOKEN_TTL;
  const seedFile = values.seed ?? env.MOCK_SEED;
  let clients: ClientCredentials[] = [DEMO_CLIENT];
  if (values.client && values.client.length > 0) clients = values.client.map((c) => parseClient(c, "--client"));
  else if (env.MOCK_CLIENTS) clients = env.MOCK_CLIENTS.split(",").map((c) => parseClient(c.trim(), "MOCK_CLIENTS"));

  const options: CliConfig["options"] = { clients };
  if (ttlText !== undefined) options.tokenTtlSeconds = parseInteger(ttlText, values["token-ttl"] !== undefined ? "--token-ttl" : "MOCK_TOKEN_TTL", 1, 315_360_000);
  if (seedFile) options.seed = readSeed(seedFile);
  const delayText = values["webhook-retry-delay"] ?? env.MOCK_WEBHOOK_RETRY_DELAY;
  const timeoutText = values["webhook-timeout"] ?? env.MOCK_WEBHOOK_TIMEOUT;
  if (delayText !== undefined || timeoutText !== undefined) {
    options.webhooks = {};
    if (delayText !== undefined) options.webhooks.baseDelayMs = parseInteger(delayText, values["webhook-retry-delay"] !== undefined ? "--webhook-retry-delay" : "MOCK_WEBHOOK_RETRY_DELAY", 0, 3_600_000);
    if (timeoutText !== undefined) options.webhooks.timeoutMs = parseInteger(timeoutText, values["webhook-timeout"] !== undefined ? "--webhook-timeout" : "MOCK_WEBHOOK_TIMEOUT", 1, 600_000);
  }
  const maxEventsText = values["max-events"] ?? env.MOCK_MAX_EVENTS;
  const maxLogsText = values["max-delivery-logs"] ?? env.MOCK_MAX_DELIVERY_LOGS;
  if (maxEventsText !== undefined) options.maxEvents = parseInteger(maxEventsText, values["max-events"] !== undefined ? "--max-events" : "MOCK_MAX_EVENTS", 1, 10_000_000);
  if (maxLogsText !== undefined) options.maxDeliveryLogs = parseInteger(maxLogsText, values["max-delivery-logs"] !== undefined ? "--max-delivery-logs" : "MOCK_MAX_DELIVERY_LOGS", 1, 10_000_000);
  return {
    port: portText === undefined ? 4010 : parseInteger(portText, values.port !== undefined ? "--port" : "MOCK_PORT", 0, 65535),
    host: values.host ?? env.MOCK_HOST ?? "127.0.0.1",
    seedFile: seedFile || undefined,
    options,
  };
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

const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** Starts the mock; resolves once it listens, with a function that stops it. */
export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): Promise<() => Promise<void>> {
  const config = parseCli(argv, env);
  if (!config) {
    out(HELP);
    return async () => {};
  }
  let app;
  try {
    app = createApp(config.options);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CliError(config.seedFile ? `--seed ${config.seedFile}: ${message}` : message);
  }
  const ctx = contextOf(app);
  // The closures below outlive start-up, so they name only the host and port: capturing `config` would keep the
  // parsed seed (tens of MB for a large one) alive next to the store made from it.
  const { host, port: wanted } = config;
  const server = app.listen(wanted, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (e: NodeJS.ErrnoException) => reject(new CliError(`cannot listen on ${host}:${wanted} (${e.code ?? e.message})${e.code === "EADDRINUSE" ? "; try --port 0" : ""}`)));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${urlHost(host)}:${port}`;
  out("Energy Coordination mock server");
  out(`  API base URL  ${origin}${API_BASE}`);
  out(`  Token URL     ${origin}${TOKEN_PATH}`);
  for (const c of ctx.clients) out(`  Client        ${c.id} / ${c.secret}`);
  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await ctx.close();
  };
}

/**
 * V8 settings of the mock's own process (`npm start`; not of createApp, whose process may be someone else's).
 * Partners run many mocks side by side in CI, so memory counts for more than the last per cent of speed. Under
 * load node:http promotes a few MB to the old space per scavenge, and V8 lets the old space grow to ~4× what
 * survived the last full GC before it collects again: with 100,000 seeded users the RSS peaked at ~470 MB.
 * Growing by 40 % instead, and keeping the young space at its start size, held it at ~240 MB for 3-5 % of
 * GET throughput (p99 15 instead of 9 ms) and ~10 % where the store grows during the load (README, Benchmark).
 */
export const V8_FLAGS = ["--heap-growing-percent=40", "--semi-space-growth-factor=1"];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  main().then(
    (stop) => {
      const shutdown = () => void stop().then(() => process.exit(0));
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    },
    (e: unknown) => {
      process.stderr.write(`mock: ${e instanceof CliError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
