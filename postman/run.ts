// Runs the collection with newman's Node API, against a deployment or against a mock booted on a free port
// (with a webhook receiver beside it, so the mock's deliveries have somewhere to go).
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NewmanRunOptions, NewmanRunSummary } from "newman";
import { importOptional } from "../mock/http/optional-package.js";
import { DEMO_CLIENT, SECOND_CLIENT } from "../contract-tests/launch-mock.js";
import type { StartMockOptions } from "../mock/start.js";
import { startMock as startMockServer } from "../mock/start.js";
import { createReceiver } from "../receiver/receiver.js";
import { projectPath } from "../spec/paths.js";
import { COLLECTION_FILE } from "./collection.js";

export const COLLECTION_PATH = projectPath(COLLECTION_FILE);
const WEBHOOK_SECRET = "a-long-random-secret";

export interface EnvVar {
  key: string;
  value: string;
}

export interface RunOptions {
  /** A collection file or object; default the committed collection. */
  collection?: string | object;
  /** An environment file (or object). */
  environment?: string | object;
  /** Variables over the environment, like newman's `--env-var key=value`. */
  envVars?: EnvVar[];
  /** Default cli. */
  reporters?: string[];
  /** Where the junit reporter writes, when it is on. */
  junitFile?: string;
  /** Run only these folders (by name), in the collection's order. */
  folder?: string[];
  /** Request timeout in ms; default 30000. */
  timeoutRequest?: number;
  /** Runs the requests this many times over (newman's iterations); default 1. */
  iterationCount?: number;
  /** Called as each iteration starts (0, 1, ...), before its first request. */
  onIteration?: (iteration: number) => void;
}

export interface Failure {
  /** The request (item) name. */
  request: string;
  /** The test name, when an assertion failed. */
  test: string | undefined;
  message: string;
  /** The iteration it happened in (0, 1, ...). */
  iteration: number;
}

/** One HTTP request of a run: the item's own or one its scripts sent (a token request, a read-back, a check). */
export interface SentRequest {
  /** The item (request name) it belongs to. */
  item: string;
  method: string;
  url: string;
}

export interface RunResult {
  /** Requests sent. */
  requests: number;
  /** Every request sent, in order, by the item it belongs to. */
  sent: SentRequest[];
  /** Items executed, by name, in order. */
  executed: string[];
  assertions: number;
  failures: Failure[];
  summary: NewmanRunSummary;
}

/** Runs newman once; resolves with what ran and what failed (a failed run is not an exception). */
export async function runCollection(options: RunOptions = {}): Promise<RunResult> {
  const reporters = options.reporters ?? ["cli"];
  const executed: string[] = [];
  const sent: SentRequest[] = [];
  let current = "(collection)";
  const runOptions: NewmanRunOptions = {
    // Parsed here: newman's own file loader (liquid-json) costs about 0.3 s of CPU for this file, every run.
    collection: typeof options.collection === "object" ? options.collection : (JSON.parse(readFileSync(options.collection ?? COLLECTION_PATH, "utf8")) as object),
    ...(options.environment ? { environment: options.environment } : {}),
    envVar: options.envVars ?? [],
    reporters,
    reporter: options.junitFile ? { junit: { export: options.junitFile } } : {},
    timeoutRequest: options.timeoutRequest ?? 30_000,
    ...(options.folder ? { folder: options.folder } : {}),
    ...(options.iterationCount ? { iterationCount: options.iterationCount } : {}),
  };
  // newman is an optional peer dependency: loaded here, so the rest of the package works without it.
  const { default: newman } = await importOptional(() => import("newman"), "energy-coordination newman", ["newman"]);
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
    newman
      .run(runOptions, (err, s) => (err ? reject(err) : resolve(s)))
      // `item` fires once per request of the collection; the executions list also holds the scripts' sendRequests.
      .on("beforeIteration", (_err, args: { cursor: { iteration: number } }) => options.onIteration?.(args.cursor.iteration))
      .on("beforeItem", (_err, args: { item: { name: string } }) => (current = args.item.name))
      .on("item", (_err, args: { item: { name: string } }) => executed.push(args.item.name))
      // `request` fires for the scripts' requests too, without their item; the request object is reused, so it is read now.
      .on("request", (_err, args: { request?: { method: string; url: { toString(): string } } }) => {
        if (args.request) sent.push({ item: current, method: args.request.method, url: args.request.url.toString() });
      });
  });
  const failures: Failure[] = summary.run.failures.map((f) => {
    const error = f.error as { message?: string; test?: string };
    const iteration = "iteration" in f.cursor && typeof f.cursor.iteration === "number" ? f.cursor.iteration : 0;
    return { request: f.source?.name ?? "(collection)", test: error.test || undefined, message: error.message ?? String(f.error), iteration };
  });
  return {
    requests: summary.run.stats.requests.total ?? 0,
    sent,
    executed,
    assertions: summary.run.stats.assertions.total ?? 0,
    failures,
    summary,
  };
}

export interface LocalMock {
  baseUrl: string;
  tokenUrl: string;
  /** Variables that point the collection at this mock and its webhook receiver. */
  envVars: EnvVar[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Starts the mock (default: its demo client, and a second client for the isolation checks, the contract suite's)
 * and a webhook receiver on free loopback ports.
 */
export async function startMock(options: StartMockOptions = {}): Promise<LocalMock> {
  const mock = await startMockServer({ clients: [DEMO_CLIENT, SECOND_CLIENT], ...options });
  const receiver = createReceiver({ secret: WEBHOOK_SECRET, print: () => {} });
  const receiverOrigin = await listen(receiver);
  const { baseUrl, tokenUrl } = mock;
  return {
    baseUrl,
    tokenUrl,
    envVars: [
      { key: "baseUrl", value: baseUrl },
      { key: "tokenUrl", value: tokenUrl },
      { key: "client_id", value: DEMO_CLIENT.id },
      { key: "client_secret", value: DEMO_CLIENT.secret },
      { key: "client2_id", value: SECOND_CLIENT.id },
      { key: "client2_secret", value: SECOND_CLIENT.secret },
      { key: "webhookUrl", value: `${receiverOrigin}/hooks/spark` },
      { key: "webhookSecret", value: WEBHOOK_SECRET },
      { key: "maxBodyBytes", value: String(mock.context.maxBodyBytes) },
    ],
    async close() {
      await mock.close();
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
