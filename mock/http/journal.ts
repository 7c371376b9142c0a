// The request journal's recorder: what each finished request of a known client leaves in its journal (a JournalState:
// state/memory/journal.ts or state/redis/journal.ts), with secrets and tokens redacted, so a test can check what its
// code sent (GET /_mock/requests).
import { performance } from "node:perf_hooks";
import type { RequestHandler } from "express";
import type { JournalEntry } from "../../spec/control-types.js";
import type { JournalState } from "../state/state.js";
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
  const text = raw.toString("utf8");
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

/** journalBody, or a note when the body cannot be kept (nested deeper than the stack allows): never a crash. */
function keptBody(raw: unknown, contentType: string | undefined): unknown {
  try {
    return journalBody(raw, contentType);
  } catch {
    return "(the body could not be kept)";
  }
}

/**
 * Records each finished request of a known client (one that sent a live token, or the token endpoint's client);
 * the control API's own calls are left out, so reading the journal does not fill it.
 */
export function journalRecorder(journal: JournalState, now: (clientId: string) => number, skip: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = targetPath(req.originalUrl);
    if (skip(path)) return next();
    const record = () => {
      const clientId = res.locals.clientId;
      if (clientId === undefined) return;
      const search = req.originalUrl.indexOf("?");
      const { fault, errorDetail } = res.locals;
      journal.add(clientId, {
        at: new Date(now(clientId)).toISOString(),
        method: req.method,
        path,
        query: search === -1 ? {} : queryOf(req.originalUrl.slice(search + 1)),
        operationId: res.locals.op?.operationId ?? null,
        status: res.statusCode,
        ...(fault !== undefined && { fault }),
        ...(res.statusCode >= 400 && errorDetail !== undefined && { detail: errorDetail }),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        body: keptBody(req.body, req.headers["content-type"]),
      });
    };
    res.once("finish", record);
    // A connection dropped by an injected fault never finishes; it is kept all the same.
    res.once("close", () => {
      if (!res.writableFinished && res.locals.fault !== undefined) record();
    });
    next();
  };
}
