// What the running mock prints: one line per API request and one per webhook delivery attempt, as pretty text
// (coloured on a terminal) or as JSON lines (pino's shape: level, time, fields, msg), formatted and written in
// batches off the request's path (fd-writer.ts), so that logging costs little per request. Partner-chosen text
// (paths, ids, error details) is escaped and cut, so no line can break the terminal or grow without bound; query
// values that look like secrets or tokens are redacted.
import { FdWriter } from "./fd-writer.js";
import { API_BASE } from "./errors.js";

export const LOG_FORMATS = ["pretty", "json", "off"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface RequestEntry {
  clientId: string | undefined;
  method: string;
  /** The request target as received (path and query). */
  url: string;
  status: number;
  durationMs: number;
  operationId: string | undefined;
  /** For an error answer: the first thing the mock found wrong. */
  detail: string | undefined;
  /** The faults injected into the request (mock/faults/faults.ts), as its `X-Mock-Fault` header names them. */
  fault?: string | undefined;
}

export interface DeliveryEntry {
  clientId: string;
  notificationType: string;
  eventId: string;
  /** The same across a notification's attempts and repeats (a receiver drops a repeat by it). */
  notificationId: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts allowed in all (the first plus the retries). */
  attempts: number;
  outcome: "delivered" | "failed" | "timeout";
  /** The receiver's status code; null when it never answered. */
  status: number | null;
  durationMs: number;
  /** When the next attempt is due, or null when this was the last one. */
  nextRetryInMs: number | null;
  /** The faults injected into the attempt (mock/faults/faults.ts). */
  fault?: string | undefined;
}

export interface LogOptions {
  format?: LogFormat;
  /** Colour the pretty format. Default: when the destination is a terminal. */
  color?: boolean;
  /** Where lines go; default stdout through a buffered writer. Tests pass a function. */
  write?: (line: string) => void;
}

export interface MockLogger {
  readonly enabled: boolean;
  request(entry: RequestEntry): void;
  delivery(entry: DeliveryEntry): void;
  /** A plain line (start-up, stop). */
  info(message: string): void;
  /** Something that went wrong in the background (the delivery queue, its worker, the outbox sweeper). */
  error(message: string): void;
  /** Writes out what is buffered; await it before the process exits. */
  flush(): Promise<void>;
}

const MAX_FIELD = 200;

/** Control characters (C0, DEL, C1) and line separators become escapes; longer text is cut with a count. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function escapeForLog(text: string, max: number = MAX_FIELD): string {
  // Most fields are short and plain: no copy at all.
  if (text.length <= max && !CONTROL.test(text)) return text;
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return text.length > max ? `${escaped}…(+${text.length - max} chars)` : escaped;
}

const SECRET_KEY = /secret|token|password|assertion|authorization|code|signature/i;
const API_PREFIX = API_BASE.toLowerCase();

/** The request target with the API base left off and secret-looking query values redacted. */
export function displayTarget(url: string): string {
  const q = url.indexOf("?");
  let path = q === -1 ? url : url.slice(0, q);
  if (path.length > API_BASE.length && path.charCodeAt(API_BASE.length) === 47 && path.slice(0, API_BASE.length).toLowerCase() === API_PREFIX) path = path.slice(API_BASE.length);
  if (q === -1) return escapeForLog(path);
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && SECRET_KEY.test(key) ? `${key}=[redacted]` : pair;
    })
    .join("&");
  return escapeForLog(`${path}?${query}`);
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`);
/** `HH:MM:SS.mmm` of a time; under load many lines share a millisecond, so the last one is kept. */
let clockMs = Number.NaN;
let clockText = "";
const clock = (at: Date | number) => {
  const ms = typeof at === "number" ? at : at.getTime();
  if (ms !== clockMs) {
    clockMs = ms;
    clockText = new Date(ms).toISOString().slice(11, 23);
  }
  return clockText;
};

type Paint = (code: number, text: string) => string;
const plain: Paint = (_code, text) => text;
const ansi: Paint = (code, text) => `\u001b[${code}m${text}\u001b[39m`;
const statusColour = (status: number) => (status >= 500 ? 31 : status >= 400 ? 33 : status >= 300 ? 36 : 32);

/** The middle of a request's line: who, what and the answer (`client method target status operation`). */
function requestMiddle(e: RequestEntry, paint: Paint): string {
  return `${escapeForLog(e.clientId ?? "-", 64)} ${e.method} ${displayTarget(e.url)} ${paint(statusColour(e.status), String(e.status))} ${e.operationId ?? "-"}`;
}

/** A request's line; `at` is when it ended (a Date, or ms since the epoch as the batches keep it). */
export function prettyRequest(e: RequestEntry, at: Date | number, paint: Paint = plain, middle: string = requestMiddle(e, paint)): string {
  let line = `${paint(90, clock(at))} ${middle} ${Math.round(e.durationMs)} ms`;
  if (e.fault !== undefined) line += ` ${paint(35, `fault=${e.fault.replace(/, /g, ",")}`)}`;
  if (e.detail !== undefined) line += ` ${escapeForLog(e.detail)}`;
  return line;
}

/**
 * Request targets whose line middle is kept; all are forgotten when this many are. Longer targets are not kept, nor
 * targets with a query, which may carry a secret the line redacts but the kept target would hold.
 */
const KEPT_MIDDLES = 1000;
const KEPT_TARGET_CHARS = 256;

/**
 * The pretty format's request lines, each line's middle kept per request target: a partner repeats its requests
 * (polling, the same reads), and escaping the client and the target, redacting the query and colouring the status
 * was most of a line's cost. Only the time and the duration change from one such line to the next. At most
 * KEPT_MIDDLES × KEPT_TARGET_CHARS characters of targets are held.
 */
function prettyRequests(paint: Paint): (e: RequestEntry, at: number) => string {
  const kept = new Map<string, { clientId: string | undefined; method: string; status: number; operationId: string | undefined; middle: string }>();
  return (e, at) => {
    if (e.url.length > KEPT_TARGET_CHARS || e.url.includes("?")) return prettyRequest(e, at, paint);
    let k = kept.get(e.url);
    if (k === undefined || k.clientId !== e.clientId || k.method !== e.method || k.status !== e.status || k.operationId !== e.operationId) {
      if (kept.size >= KEPT_MIDDLES) kept.clear();
      k = { clientId: e.clientId, method: e.method, status: e.status, operationId: e.operationId, middle: requestMiddle(e, paint) };
      kept.set(e.url, k);
    }
    return prettyRequest(e, at, paint, k.middle);
  };
}

export function prettyDelivery(e: DeliveryEntry, at: Date, paint: Paint = plain): string {
  const result =
    e.outcome === "delivered"
      ? paint(32, `delivered ${e.status}`)
      : e.outcome === "timeout"
        ? paint(31, "timed out")
        : paint(31, e.status === null ? "no answer (refused or reset)" : `failed ${e.status}`);
  const next = e.nextRetryInMs === null ? (e.outcome === "delivered" ? "" : "; no retry left") : `; retry in ${seconds(e.nextRetryInMs)}`;
  return [
    paint(90, clock(at)),
    escapeForLog(e.clientId, 64),
    "webhook",
    escapeForLog(e.notificationType, 64),
    `event=${escapeForLog(e.eventId, 64)}`,
    `notification=${escapeForLog(e.notificationId, 64)}`,
    `→ ${escapeForLog(e.url)}`,
    `attempt ${e.attempt}/${e.attempts}`,
    `${result} in ${Math.round(e.durationMs)} ms${next}`,
    ...(e.fault === undefined ? [] : [paint(35, `fault=${e.fault.replace(/, /g, ",")}`)]),
  ].join(" ");
}

/** Characters of log lines gathered before they are written. */
const BATCH_CHARS = 64 * 1024;
/** Request lines gathered, unformatted, before they are formatted and written (~64 KB of text). */
const BATCH_REQUESTS = 512;

const OFF: MockLogger = { enabled: false, request() {}, delivery() {}, info() {}, error() {}, flush: () => Promise.resolve() };

/**
 * Where a logger's lines go. To stdout, a request's line is formatted with the rest of its batch rather than on the
 * request's path: the entry (already built) and its time are kept, and a batch of them is formatted in one loop,
 * whose code and data stay in the CPU's caches. A test's `write` gets each line at once.
 */
function sink(options: LogOptions, formatRequest: (e: RequestEntry, at: number) => string): { line(text: string): void; request(e: RequestEntry): void; flush(): Promise<void> } {
  if (options.write) {
    const write = options.write;
    return { line: write, request: (e) => write(formatRequest(e, Date.now())), flush: () => Promise.resolve() };
  }
  // Made only when something is logged: a mock started with --log off (tests, benchmarks) has no writer at all.
  // Lines are gathered here and handed to the writer in batches (one per ~64 KB under load), and at most 50 ms after
  // the first of a batch when traffic is light, so a partner watching the terminal sees each request at once.
  const stdout = new FdWriter(1);
  // Lines in order: a string is a line ready to write, an entry is a request's line to format with its time.
  let batch: (string | RequestEntry)[] = [];
  let times: number[] = [];
  let chars = 0;
  let pending: NodeJS.Timeout | undefined;
  const drain = () => {
    if (batch.length === 0) return;
    if (!stdout.open) {
      batch = [];
      times = [];
      chars = 0;
      return;
    }
    let text = "";
    let t = 0;
    for (const item of batch) text += `${typeof item === "string" ? item : formatRequest(item, times[t++]!)}\n`;
    batch = [];
    times = [];
    chars = 0;
    stdout.write(text);
  };
  const soon = () => {
    pending = undefined;
    drain();
  };
  const later = () => {
    if (chars >= BATCH_CHARS || times.length >= BATCH_REQUESTS) drain();
    pending ??= setTimeout(soon, 50).unref();
  };
  return {
    line(text) {
      batch.push(text);
      chars += text.length + 1;
      later();
    },
    request(e) {
      batch.push(e);
      times.push(Date.now());
      later();
    },
    flush() {
      drain();
      return stdout.flush();
    },
  };
}

/** A logger in the given format; "off" costs nothing (the app adds no hook at all). */
export function createLogger(options: LogOptions = {}): MockLogger {
  const format = options.format ?? "off";
  if (format === "off") return OFF;
  if (format === "json") {
    // The shape pino writes (level, time, the fields, msg), so log tooling that reads pino's lines reads these.
    const json = (fields: Record<string, unknown>, msg: string, level: "info" | "error" = "info", at = Date.now()) => JSON.stringify({ level, time: new Date(at).toISOString(), ...fields, msg });
    const out = sink(options, (e, at) =>
      json({ kind: "request", clientId: e.clientId ?? null, method: e.method, path: displayTarget(e.url), status: e.status, durationMs: Math.round(e.durationMs), operationId: e.operationId ?? null, ...(e.fault === undefined ? {} : { fault: e.fault }), ...(e.detail === undefined ? {} : { detail: escapeForLog(e.detail) }) }, "request", "info", at),
    );
    return {
      enabled: true,
      request: out.request,
      delivery: (e) => out.line(json({ kind: "delivery", ...e, url: escapeForLog(e.url), durationMs: Math.round(e.durationMs) }, "webhook delivery attempt")),
      info: (message) => out.line(json({ kind: "info" }, message)),
      error: (message) => out.line(json({ kind: "error" }, escapeForLog(message, 2000), "error")),
      flush: out.flush,
    };
  }
  const paint = (options.color ?? (!options.write && process.stdout.isTTY === true)) ? ansi : plain;
  const out = sink(options, prettyRequests(paint));
  return {
    enabled: true,
    request: out.request,
    delivery: (e) => out.line(prettyDelivery(e, new Date(), paint)),
    info: (message) => out.line(message),
    error: (message) => out.line(`${paint(90, clock(new Date()))} ${paint(31, "error")} ${escapeForLog(message, 2000)}`),
    flush: out.flush,
  };
}
