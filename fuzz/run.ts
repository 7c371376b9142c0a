// `runFuzz(options)`: the library's fuzzer. Against `baseUrl` (with a token URL and client credentials) it judges a
// deployment by the spec alone (ours, or `spec`); without one it starts a mock and adds the mock's own rules.
import { randomBytes } from "node:crypto";
import { loadDocument } from "../contract-tests/document.js";
import { specValidators, type Validators } from "../spec/validators.js";
import type { ResponseCheck } from "./properties.js";
import { DEFAULT_MAX_REQUESTS, runEngine, type FuzzReport } from "./runner.js";
import { openTarget, type Credentials } from "./target.js";
import { deadPort } from "./world.js";
import type { ApiOperations } from "../spec/operations.js";

export interface FuzzOptions {
  /** The API, e.g. `https://api.sandbox.voluespark.com/energy-coordination/v1`; absent: a fresh mock is started. */
  baseUrl?: string;
  tokenUrl?: string;
  client?: Credentials;
  /** Judge by this OpenAPI document (file or URL) instead of ours. */
  spec?: string;
  seed?: number;
  /** Requests to send (default 2500: about a minute against a remote deployment). */
  maxRequests?: number;
  /** At most this many requests per second. */
  rate?: number;
  /** Requests in flight (default 4 against a base URL, 16 against the mock). */
  concurrency?: number;
  /** Only GETs and the token request. */
  readOnly?: boolean;
  /** Per request, in milliseconds (default 10000). */
  timeoutMs?: number;
  /** Stop (and clean up) when aborted. */
  signal?: AbortSignal;
  /** Stop once this many distinct failures are found. */
  stopAfter?: number;
  /** Shrink failures to minimal requests (default true). */
  shrink?: boolean;
  /** For the mock this run starts: a Redis URL to keep its state in (and a key prefix). */
  mockStore?: { url: string; prefix?: string };
  onProgress?(sent: number): void;
}

/** A run's unique id prefix, e.g. `fuzz-k3x9q-`. */
export const runPrefix = () => `fuzz-${randomBytes(4).toString("hex")}-`;

/** Fuzzes a deployment (or a fresh mock) and resolves with the report; everything created is deleted again. */
export async function runFuzz(options: FuzzOptions = {}): Promise<FuzzReport & { seed: number }> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const other: Validators | undefined = options.spec ? (await loadDocument(options.spec)).validators : undefined;
  let close = async () => {};
  let baseUrl: string;
  let tokenUrl: string;
  let client: Credentials;
  let validators: Validators;
  let extras: ((v: Validators, o: ApiOperations) => ResponseCheck) | undefined;
  let deadUrl: string;
  const mine = options.baseUrl === undefined;
  if (options.baseUrl === undefined) {
    // Loaded only here: a run against a base URL never loads the mock.
    const { startFuzzMock } = await import("./mock-target.js");
    const mock = await startFuzzMock(options.mockStore ? { store: options.mockStore.url, ...(options.mockStore.prefix ? { storePrefix: options.mockStore.prefix } : {}) } : {});
    close = () => mock.close();
    ({ baseUrl, tokenUrl, client } = mock);
    validators = other ?? mock.validators;
    if (!other) extras = mock.extras;
    deadUrl = `http://127.0.0.1:${await deadPort()}/hooks/fuzz`;
  } else {
    if (!options.tokenUrl || !options.client) throw new Error("runFuzz: a baseUrl needs a tokenUrl and a client");
    baseUrl = options.baseUrl;
    tokenUrl = options.tokenUrl;
    client = options.client;
    validators = other ?? specValidators();
    // `.invalid` never resolves (RFC 2606): a deployment that delivers to it reaches no one.
    deadUrl = "https://fuzz-hooks.invalid/hooks";
  }
  const concurrency = options.concurrency ?? (mine ? 16 : 4);
  const target = openTarget(baseUrl, tokenUrl, { timeoutMs: options.timeoutMs ?? 10_000, maxSockets: concurrency });
  try {
    return await runEngine({
      validators,
      target,
      client,
      seed,
      maxRequests: options.maxRequests ?? DEFAULT_MAX_REQUESTS,
      concurrency,
      ...(options.rate ? { rate: options.rate } : {}),
      readOnly: options.readOnly ?? false,
      hostile: mine,
      wholeClientData: mine,
      prefix: runPrefix(),
      deadUrl,
      ...(extras ? { extras } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.stopAfter !== undefined ? { stopAfter: options.stopAfter } : {}),
      ...(options.shrink !== undefined ? { shrink: options.shrink } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    target.close();
    await close();
  }
}
