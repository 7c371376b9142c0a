// The request journal's entries: what each finished request of a known client leaves in its journal (a JournalState:
// state/memory/journal.ts or state/redis/journal.ts), with secrets and tokens redacted, so a test can check what its
// code sent (GET /_mock/requests). The app records them (app.ts); the control API's own calls are left out, so
// reading the journal does not fill it.
import { performance } from "node:perf_hooks";
import type { DispatchedRequest, DispatchedResponse } from "./bare.js";
import type { JournalEntry } from "../../spec/control-types.js";
import { targetPath } from "./errors.js";

export type { JournalEntry };


/** Longer bodies are kept as the start of their (redacted) text. */
const MAX_TEXT = 16 * 1024;
const SECRET_KEY = /secret|token|password|authorization|apikey|api_key/i;
export const REDACTED = "[redacted]";

/** A copy of a parsed body with every value under a secret-sounding key replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v);
  return out;
}

/**
 * Text that is not valid JSON, with the value of every secret-sounding key redacted as far as it can be told:
 * `"webhookSecret": "…"` (also unterminated, or unquoted) and `client_secret=…`.
 */
export function redactText(text: string): string {
  const key = String.raw`"[^"\\]*(?:secret|token|password|authorization|apikey|api_key)[^"\\]*"\s*:\s*`;
  const value = String.raw`(?:"(?:[^"\\]|\\.)*(?:"|$)|[^,}\]\s]+)`;
  return text
    .replace(new RegExp(`(${key})${value}`, "gi"), `$1"${REDACTED}"`)
    .replace(/((?:^|[&?\s])[^=&\s]*(?:secret|token|password|apikey|api_key)[^=&\s]*=)[^&\s]*/gi, `$1${REDACTED}`);
}

/** The query's parameters (the last of a repeated name), secret-sounding ones redacted. */
function queryOf(search: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(search)) out[k] = SECRET_KEY.test(k) ? REDACTED : v;
  return out;
}

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text);

/**
 * What the journal keeps of a raw request body: parsed JSON (or a form), redacted; text when it is neither. Beyond
 * MAX_TEXT characters only the start of the (redacted) text is kept, so 1,000 big bodies stay small.
 */
export function journalBody(raw: unknown, contentType: string | undefined): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
  return journalText(raw.toString("utf8"), contentType);
}

function journalText(text: string, contentType: string | undefined): unknown {
  let parsed: unknown;
  if (/^application\/x-www-form-urlencoded/i.test(contentType ?? "")) parsed = redact(Object.fromEntries(new URLSearchParams(text)));
  else {
    try {
      parsed = redact(JSON.parse(text));
    } catch {
      return cut(redactText(text));
    }
  }
  if (text.length <= MAX_TEXT) return parsed;
  return cut(JSON.stringify(parsed));
}

/** journalText, or a note when the body cannot be kept (nested deeper than the stack allows): never a crash. */
function keptText(text: string, contentType: string | undefined): unknown {
  try {
    return journalText(text, contentType);
  } catch {
    return "(the body could not be kept)";
  }
}

/**
 * A body the journal keeps as sent and parses and redacts only when the journal is read (JSON.stringify calls
 * `toJSON`: GET /_mock/requests, or the Redis journal writing its line). Most requests' entries are never read.
 * Only bodies of at most MAX_TEXT bytes wait like this, as a string of their own, so an entry holds no more than an
 * eager one would (and no slice of a larger buffer).
 */
class PendingBody {
  constructor(
    private readonly text: string,
    private readonly contentType: string | undefined,
  ) {}

  toJSON(): unknown {
    return keptText(this.text, this.contentType);
  }
}

/** What an entry keeps of a raw request body: null, a PendingBody, or (beyond MAX_TEXT) the body kept at once. */
function bodyOf(raw: unknown, contentType: string | undefined): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
  const text = raw.toString("utf8");
  return raw.length <= MAX_TEXT ? new PendingBody(text, contentType) : keptText(text, contentType);
}

/**
 * What the journal keeps of one finished request of a known client (one that sent a live token, or the token
 * endpoint's client): called by the app once the answer is sent, or the connection is gone.
 */
export function journalEntry(req: DispatchedRequest, res: DispatchedResponse, clientId: string, startedAt: number, now: (clientId: string) => number): JournalEntry {
  const url = req.originalUrl;
  const search = url.indexOf("?");
  const entry: JournalEntry = {
    at: isoOf(now(clientId)),
    method: req.method,
    path: targetPath(url),
    query: search === -1 ? {} : queryOf(url.slice(search + 1)),
    operationId: res.locals.op?.operationId ?? null,
    status: res.statusCode,
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    body: bodyOf(req.body, req.headers["content-type"]),
  };
  const { fault, errorDetail } = res.locals;
  if (res.statusCode >= 400 && errorDetail !== undefined) entry.detail = errorDetail;
  return fault === undefined ? entry : { ...entry, fault };
}

/** ISO 8601 of a time; requests in the same millisecond share the text. */
let isoMs = Number.NaN;
let isoText = "";
function isoOf(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}
